using RobustGate.Engine.Imaging;
using RobustGate.Engine.Randomness;

namespace RobustGate.Engine.Corruptions.Noc;

/// <summary>
/// Base of the eight ImageNet-NOC corruptions (Laugros, Caplier, Ospici; spec §9). The reference
/// has no severities: every image draws its amount uniformly from a fixed range. Here severity s
/// draws from the s-th of five equal sub-ranges (ordered from mild to strong), so averaging over the
/// five severities with equal weight is the reference's distribution (exactly for continuous
/// amounts, up to the uneven split of a short integer range). The reference mixes torch's and
/// Python's generators; here every draw comes from <see cref="NumpyRandom"/>. Work is in [0, 1]
/// floats as the reference; the 8-bit output is rounded to nearest (the reference keeps floats).
/// </summary>
public abstract class NocCorruption : Corruption
{
    protected NocCorruption(string name, string description)
        : base(name, CorruptionGroup.Noc, true, description)
    {
    }

    /// <summary>A uniform draw from the severity's fifth of [low, high] (low = mildest).</summary>
    protected static double DrawAmount(double low, double high, int severity, NumpyRandom rng)
    {
        var width = (high - low) / 5;
        return low + (width * (severity - 1)) + (width * rng.NextDouble());
    }

    /// <summary>
    /// A uniform integer from the severity's fifth of the inclusive range [mild, strong]; works
    /// for decreasing ranges (e.g. fewer quantisation levels is stronger).
    /// </summary>
    protected static int DrawInteger(int mild, int strong, int severity, NumpyRandom rng)
    {
        var count = Math.Abs(strong - mild) + 1;
        var first = (severity - 1) * count / 5;
        var last = Math.Max(first, (severity * count / 5) - 1);
        var k = first + (int)rng.RandInt(0, last - first + 1);
        return strong >= mild ? mild + k : mild - k;
    }

    protected static double[] ToUnit(Image rgb)
    {
        var values = new double[rgb.Pixels.Length];
        UnitPixels.Load(rgb.Pixels, values);
        return values;
    }

    protected static Image FromUnit(double[] values, int width, int height)
    {
        var output = new Image(width, height, 3);
        var dst = output.Pixels;
        for (var i = 0; i < values.Length; i++)
        {
            dst[i] = (byte)(int)Math.Round(Math.Clamp(values[i], 0.0, 1.0) * 255.0, MidpointRounding.ToEven);
        }

        return output;
    }
}
