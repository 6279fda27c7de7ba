namespace RobustGate.Engine.Corruptions;

/// <summary>The families corruptions are reported in (ImageNet-C's four groups plus the rest).</summary>
public enum CorruptionGroup
{
    /// <summary>ImageNet-C noise: gaussian, shot, impulse.</summary>
    Noise,

    /// <summary>ImageNet-C blur: defocus, glass, motion, zoom.</summary>
    Blur,

    /// <summary>ImageNet-C weather: snow, frost, fog, brightness.</summary>
    Weather,

    /// <summary>ImageNet-C digital: contrast, elastic, pixelate, JPEG.</summary>
    Digital,

    /// <summary>The four held-out ImageNet-C corruptions: speckle, gaussian blur, spatter, saturate.</summary>
    Extra,

    /// <summary>ImageNet-NOC's non-overlapping corruptions.</summary>
    Noc,

    /// <summary>The ANT paper's parameterised noise families.</summary>
    NoiseFamily,
}
