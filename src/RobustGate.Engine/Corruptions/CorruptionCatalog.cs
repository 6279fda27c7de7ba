namespace RobustGate.Engine.Corruptions;

/// <summary>Builds one instance of every corruption for a set of options, in listing order.</summary>
internal static class CorruptionCatalog
{
    public static IEnumerable<ICorruption> Create(CorruptionOptions options)
    {
        var p = options.Profile;
        yield return new GaussianNoise(p);
        yield return new ShotNoise(p);
        yield return new ImpulseNoise(p);
        yield return new DefocusBlur(p);
        yield return new GlassBlur(p);
        yield return new MotionBlur(p);
        yield return new ZoomBlur(p);
        yield return new Snow(p);
        yield return new Frost(p, options.FrostDirectory);
        yield return new Fog(p);
        yield return new Brightness(p);
        yield return new Contrast(p);
        yield return new ElasticTransform(p);
        yield return new Pixelate(p);
        yield return new JpegCompression(p);
        yield return new SpeckleNoise(p);
        yield return new GaussianBlur(p);
        yield return new Spatter(p);
        yield return new Saturate(p);
    }
}
