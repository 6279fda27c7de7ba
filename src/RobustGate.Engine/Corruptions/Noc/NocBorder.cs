using RobustGate.Engine.Imaging;
using RobustGate.Engine.Randomness;

namespace RobustGate.Engine.Corruptions.Noc;

/// <summary>NOC border: the outermost t rows and columns (t ∈ {9 … 46} px at 224, scaled with the image) set to one random gray.</summary>
public sealed class NocBorder : NocCorruption
{
    public NocBorder()
        : base("noc_border", "a uniform gray frame 9..46 px wide (at 224 px)")
    {
    }

    protected override Image ApplyRgb(Image rgb, int severity, NumpyRandom rng)
    {
        int width = rgb.Width, height = rgb.Height;
        var thickness = DrawInteger(9, 46, severity, rng) * Math.Min(width, height) / 224;
        var gray = rng.NextDouble();
        var x = ToUnit(rgb);
        for (var y = 0; y < height; y++)
        {
            for (var c = 0; c < width; c++)
            {
                if (y < thickness || y >= height - thickness || c < thickness || c >= width - thickness)
                {
                    var i = ((y * width) + c) * 3;
                    x[i] = x[i + 1] = x[i + 2] = gray;
                }
            }
        }

        return FromUnit(x, width, height);
    }
}
