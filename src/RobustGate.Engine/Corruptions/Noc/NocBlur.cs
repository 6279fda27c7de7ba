using RobustGate.Engine.Imaging;
using RobustGate.Engine.Randomness;

namespace RobustGate.Engine.Corruptions.Noc;

/// <summary>
/// NOC blur: five passes of a per-channel 3×3 mean filter with zero padding, blended as
/// (1 − w)·x + w·blurred, w ∈ [0.4, 0.95].
/// </summary>
public sealed class NocBlur : NocCorruption
{
    public NocBlur()
        : base("noc_blur", "five zero-padded 3x3 mean filters blended with weight w in [0.4, 0.95]")
    {
    }

    protected override Image ApplyRgb(Image rgb, int severity, NumpyRandom rng)
    {
        var w = DrawAmount(0.4, 0.95, severity, rng);
        int width = rgb.Width, height = rgb.Height;
        var x = ToUnit(rgb);
        var blurred = (double[])x.Clone();
        var next = new double[x.Length];
        for (var pass = 0; pass < 5; pass++)
        {
            for (var y = 0; y < height; y++)
            {
                for (var c0 = 0; c0 < width; c0++)
                {
                    for (var ch = 0; ch < 3; ch++)
                    {
                        var sum = 0.0;
                        for (var oy = -1; oy <= 1; oy++)
                        {
                            var yy = y + oy;
                            if (yy < 0 || yy >= height)
                            {
                                continue;
                            }

                            for (var ox = -1; ox <= 1; ox++)
                            {
                                var xx = c0 + ox;
                                if (xx >= 0 && xx < width)
                                {
                                    sum += blurred[(((yy * width) + xx) * 3) + ch];
                                }
                            }
                        }

                        next[(((y * width) + c0) * 3) + ch] = sum / 9;
                    }
                }
            }

            (blurred, next) = (next, blurred);
        }

        for (var i = 0; i < x.Length; i++)
        {
            x[i] = ((1 - w) * x[i]) + (w * blurred[i]);
        }

        return FromUnit(x, width, height);
    }
}
