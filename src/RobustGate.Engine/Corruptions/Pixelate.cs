using RobustGate.Engine.Imaging;
using RobustGate.Engine.Randomness;

namespace RobustGate.Engine.Corruptions;

/// <summary>
/// ImageNet-C pixelate (spec §3.14): PIL BOX down-sampling to (int(W·c), int(H·c)), then back up
/// to W×H — NEAREST in imagecorruptions, BOX in Hendrycks' generators (identical at the reference
/// ratios, but each profile uses its own).
/// </summary>
public sealed class Pixelate : Corruption
{
    private static readonly SeverityTable<double> Table = new(
        [0.6, 0.5, 0.4, 0.3, 0.25],
        [0.95, 0.9, 0.85, 0.75, 0.65]);

    private readonly double[] _factors;
    private readonly ResampleFilter _upFilter;

    public Pixelate(CorruptionProfile profile)
        : base("pixelate", CorruptionGroup.Digital, false, "PIL box down-sampling and up-sampling")
    {
        _factors = Table.For(profile);
        _upFilter = profile == CorruptionProfile.ImageCorruptions ? ResampleFilter.Nearest : ResampleFilter.Box;
    }

    protected override Image ApplyRgb(Image rgb, int severity, NumpyRandom rng)
    {
        var c = _factors[severity - 1];
        var small = Resample.Resize(rgb, Math.Max(1, (int)(rgb.Width * c)), Math.Max(1, (int)(rgb.Height * c)), ResampleFilter.Box);
        var output = Resample.Resize(small, rgb.Width, rgb.Height, _upFilter);
        ImagePool.Return(small);
        return output;
    }
}
