namespace RobustGate.Engine.Training;

/// <summary>ANT noise-generator variants (spec §1.1).</summary>
public enum NoiseGeneratorKind
{
    /// <summary>Per-pixel MLP over channels: uncorrelated noise.</summary>
    OneByOne,

    /// <summary>3×3 valid second convolution: noise correlated over a 3×3 window.</summary>
    ThreeByThree,
}
