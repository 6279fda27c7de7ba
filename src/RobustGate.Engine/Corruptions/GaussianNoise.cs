using RobustGate.Engine.Imaging;
using RobustGate.Engine.Randomness;

namespace RobustGate.Engine.Corruptions;

/// <summary>
/// ImageNet-C gaussian_noise: clip(x + N(0, c)) per channel value, the normals drawn in C order
/// (spec §3.1).
/// </summary>
public sealed class GaussianNoise : Corruption
{
    private static readonly SeverityTable<double> Table = new(
        [0.08, 0.12, 0.18, 0.26, 0.38],
        [0.04, 0.06, 0.08, 0.09, 0.10]);

    private readonly double[] _scales;

    public GaussianNoise(CorruptionProfile profile)
        : base("gaussian_noise", CorruptionGroup.Noise, true, "additive Gaussian noise, clip(x + N(0, c))")
    {
        _scales = Table.For(profile);
    }

    protected override Image ApplyRgb(Image rgb, int severity, NumpyRandom rng) =>
        NoiseKernels.AddGaussian(rgb, _scales[severity - 1], multiplicative: false, rng);
}
