namespace RobustGate.Engine.Tests.Corruptions;

/// <summary>The acceptance levels of ref/corruptions/README.md.</summary>
public enum ParityLevel
{
    /// <summary>Every byte equal: output depends only on arithmetic and the generator.</summary>
    BitExact,

    /// <summary>|Δ| ≤ 1 on ≥ 99.9 % of values: goes through a scipy/scikit-image/OpenCV filter or resampler.</summary>
    WithinOneLevel,

    /// <summary>Mean |Δ| ≤ 1 and PSNR ≥ 40 dB: goes through ImageMagick or libjpeg.</summary>
    MeanWithinOneLevel,
}
