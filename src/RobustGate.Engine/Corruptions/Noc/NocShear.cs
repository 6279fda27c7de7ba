using RobustGate.Engine.Imaging;
using RobustGate.Engine.Randomness;

namespace RobustGate.Engine.Corruptions.Noc;

/// <summary>
/// NOC shear: torchvision <c>affine(shear=(s, 0))</c> about the image centre, nearest neighbour,
/// black fill; |s| ∈ {12 … 39} degrees, sign drawn first. Output pixel (x, y) reads
/// (x + tan(s)·(y − c_y), y) in pixel-centre coordinates.
/// </summary>
public sealed class NocShear : NocCorruption
{
    public NocShear()
        : base("noc_shear", "horizontal shear by +-12..39 degrees, black fill")
    {
    }

    protected override Image ApplyRgb(Image rgb, int severity, NumpyRandom rng)
    {
        var sign = rng.NextDouble() < 0.5 ? -1 : 1;
        var degrees = sign * DrawInteger(12, 39, severity, rng);
        var t = Math.Tan(degrees * Math.PI / 180.0);
        int width = rgb.Width, height = rgb.Height;
        var output = new Image(width, height, 3);
        var src = rgb.Pixels;
        var dst = output.Pixels;
        for (var y = 0; y < height; y++)
        {
            var cy = y + 0.5 - (height * 0.5);
            for (var x = 0; x < width; x++)
            {
                var sx = (int)Math.Floor(x + 0.5 + (t * cy));
                if (sx < 0 || sx >= width)
                {
                    continue;
                }

                var s = ((y * width) + sx) * 3;
                var d = ((y * width) + x) * 3;
                dst[d] = src[s];
                dst[d + 1] = src[s + 1];
                dst[d + 2] = src[s + 2];
            }
        }

        return output;
    }
}
