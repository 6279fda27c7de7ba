using RobustGate.Engine.Randomness;

namespace RobustGate.Engine.Tests.Corruptions;

/// <summary>Which <see cref="ParityLevel"/> the README sets for each record.</summary>
public static class ParityLevels
{
    public static ParityLevel For(ReferenceRecord r) => r.Corruption switch
    {
        "defocus_blur" or "zoom_blur" or "gaussian_blur" or "elastic_transform" => ParityLevel.WithinOneLevel,
        "motion_blur" or "snow" or "jpeg_compression" => ParityLevel.MeanWithinOneLevel,
        "frost" => FrostTextureIsJpeg(r) ? ParityLevel.MeanWithinOneLevel : ParityLevel.BitExact,
        _ => ParityLevel.BitExact,
    };

    // frost draws randint(5) first: 0-2 pick the PNG textures, 3-4 the JPEG ones.
    private static bool FrostTextureIsJpeg(ReferenceRecord r) => new NumpyRandom(r.Seed).RandInt(5) >= 3;
}
