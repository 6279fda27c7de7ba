using RobustGate.Engine.Imaging;
using RobustGate.Engine.Randomness;

namespace RobustGate.Engine.Corruptions.Noc;

/// <summary>NOC quantization: x ← round(n·x)/n (half to even), n ∈ {8 … 3} from mild to strong.</summary>
public sealed class NocQuantization : NocCorruption
{
    public NocQuantization()
        : base("noc_quantization", "colour quantisation to n levels per channel, n in 3..8")
    {
    }

    protected override Image ApplyRgb(Image rgb, int severity, NumpyRandom rng)
    {
        var levels = DrawInteger(8, 3, severity, rng);
        var x = ToUnit(rgb);
        for (var i = 0; i < x.Length; i++)
        {
            x[i] = Math.Round(levels * x[i], MidpointRounding.ToEven) / levels;
        }

        return FromUnit(x, rgb.Width, rgb.Height);
    }
}
