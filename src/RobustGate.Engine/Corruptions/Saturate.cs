using RobustGate.Engine.Imaging;
using RobustGate.Engine.Randomness;

namespace RobustGate.Engine.Corruptions;

/// <summary>ImageNet-C saturate (extra, spec §3.19): S ← clip(S·a + b) in skimage's HSV.</summary>
public sealed class Saturate : Corruption
{
    private static readonly SeverityTable<(double Scale, double Offset)> Table = new(
        [(0.3, 0), (0.1, 0), (2, 0), (5, 0.1), (20, 0.2)],
        [(0.3, 0), (0.1, 0), (1.5, 0), (2, 0.1), (2.5, 0.2)]);

    private readonly (double Scale, double Offset)[] _parameters;

    public Saturate(CorruptionProfile profile)
        : base("saturate", CorruptionGroup.Extra, false, "HSV saturation change")
    {
        _parameters = Table.For(profile);
    }

    protected override Image ApplyRgb(Image rgb, int severity, NumpyRandom rng)
    {
        var (a, b) = _parameters[severity - 1];
        return HsvAdjustment.Apply(rgb, 1, a, b);
    }
}
