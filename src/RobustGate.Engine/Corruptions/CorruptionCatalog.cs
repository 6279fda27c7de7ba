using RobustGate.Engine.Corruptions.Noc;

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

        yield return new NocShear();
        yield return new NocRain();
        yield return new NocHue();
        yield return new NocQuantization();
        yield return new NocBrightness();
        yield return new NocBorder();
        yield return new NocBlur();
        yield return new NocVerticalArtifacts();

        yield return NoiseFamily.Gaussian(0.1, 0.2, 0.3, 0.4, 0.5);
        yield return NoiseFamily.MultiSigmaGaussian();
        yield return NoiseFamily.Speckle(0.15, 0.2, 0.35, 0.45, 0.6);
        yield return NoiseFamily.Uniform(NoiseFamily.ImageNetCGaussianSigmas.Select(s => s * Math.Sqrt(3)).ToArray());
        yield return NoiseFamily.SaltAndPepper(0.03, 0.06, 0.09, 0.17, 0.27);
    }
}
