using RobustGate.Engine.Imaging;
using RobustGate.Engine.Randomness;

namespace RobustGate.Engine.Corruptions.Noc;

/// <summary>NOC brightness: x + shift, |shift| ∈ [0.16, 0.51], the sign a fair coin drawn first.</summary>
public sealed class NocBrightness : NocCorruption
{
    public NocBrightness()
        : base("noc_brightness", "brightness shift by +-[0.16, 0.51]")
    {
    }

    protected override Image ApplyRgb(Image rgb, int severity, NumpyRandom rng)
    {
        var sign = rng.NextDouble() < 0.5 ? -1.0 : 1.0;
        var shift = sign * DrawAmount(0.16, 0.51, severity, rng);
        var x = ToUnit(rgb);
        for (var i = 0; i < x.Length; i++)
        {
            x[i] += shift;
        }

        return FromUnit(x, rgb.Width, rgb.Height);
    }
}
