using RobustGate.Engine.Imaging;
using RobustGate.Engine.Randomness;

namespace RobustGate.Engine.Corruptions;

/// <summary>ImageNet-C brightness (spec §3.11): V ← clip(V + c) in skimage's HSV.</summary>
public sealed class Brightness : Corruption
{
    private static readonly SeverityTable<double> Table = new(
        [0.1, 0.2, 0.3, 0.4, 0.5],
        [0.05, 0.1, 0.15, 0.2, 0.3]);

    private readonly double[] _shifts;

    public Brightness(CorruptionProfile profile)
        : base("brightness", CorruptionGroup.Weather, false, "HSV value shift")
    {
        _shifts = Table.For(profile);
    }

    // V + c, written as V·1 + c: multiplying by 1 is exact, so this is the reference's V + c.
    protected override Image ApplyRgb(Image rgb, int severity, NumpyRandom rng) =>
        HsvAdjustment.Apply(rgb, 2, 1.0, _shifts[severity - 1]);
}
