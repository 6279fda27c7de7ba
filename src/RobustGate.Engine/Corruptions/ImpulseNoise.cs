using RobustGate.Engine.Imaging;
using RobustGate.Engine.Randomness;

namespace RobustGate.Engine.Corruptions;

/// <summary>
/// ImageNet-C impulse_noise: scikit-image ≤ 0.18's salt-and-pepper on every channel value — first a
/// "flipped" mask with P = c over the whole array, then a "salted" mask with P = 0.5, each one
/// <c>choice([True, False])</c> double per value; flipped and salted → 1, flipped only → 0 (spec §3.3).
/// </summary>
public sealed class ImpulseNoise : Corruption
{
    private static readonly SeverityTable<double> Table = new(
        [0.03, 0.06, 0.09, 0.17, 0.27],
        [0.01, 0.02, 0.03, 0.05, 0.07]);

    private readonly double[] _amounts;

    public ImpulseNoise(CorruptionProfile profile)
        : base("impulse_noise", CorruptionGroup.Noise, true, "salt-and-pepper on channel values (scikit-image <= 0.18 algorithm)")
    {
        _amounts = Table.For(profile);
    }

    protected override Image ApplyRgb(Image rgb, int severity, NumpyRandom rng) =>
        NoiseKernels.SaltAndPepper(rgb, _amounts[severity - 1], 0.5, rng);
}
