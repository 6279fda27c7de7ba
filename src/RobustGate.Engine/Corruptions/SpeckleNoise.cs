using RobustGate.Engine.Imaging;
using RobustGate.Engine.Randomness;

namespace RobustGate.Engine.Corruptions;

/// <summary>ImageNet-C speckle_noise (extra): clip(x + x·N(0, c)) per channel value (spec §3.16).</summary>
public sealed class SpeckleNoise : Corruption
{
    private static readonly SeverityTable<double> Table = new(
        [0.15, 0.2, 0.35, 0.45, 0.6],
        [0.06, 0.1, 0.12, 0.16, 0.2]);

    private readonly double[] _scales;

    public SpeckleNoise(CorruptionProfile profile)
        : base("speckle_noise", CorruptionGroup.Extra, true, "multiplicative Gaussian noise, clip(x + x·N(0, c))")
    {
        _scales = Table.For(profile);
    }

    protected override Image ApplyRgb(Image rgb, int severity, NumpyRandom rng) =>
        NoiseKernels.AddGaussian(rgb, _scales[severity - 1], multiplicative: true, rng);
}
