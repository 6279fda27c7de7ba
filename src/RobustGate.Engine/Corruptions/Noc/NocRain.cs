using RobustGate.Engine.Imaging;
using RobustGate.Engine.Randomness;

namespace RobustGate.Engine.Corruptions.Noc;

/// <summary>
/// NOC rain: n ∈ {12 … 120} roughly circular 13-row drops (row half-widths 1, 3, 4, 5, 5, 6, 6, 6,
/// 5, 5, 4, 3, 1), centres uniform in [7, H − 7] × [7, W − 7]; pixels inside become 0.5 + 0.5·x.
/// Overlapping drops brighten again, as in the reference.
/// </summary>
public sealed class NocRain : NocCorruption
{
    private static readonly int[] HalfWidths = [1, 3, 4, 5, 5, 6, 6, 6, 5, 5, 4, 3, 1];

    public NocRain()
        : base("noc_rain", "12..120 semi-transparent white drops")
    {
    }

    protected override Image ApplyRgb(Image rgb, int severity, NumpyRandom rng)
    {
        int width = rgb.Width, height = rgb.Height;
        if (width < 15 || height < 15)
        {
            throw new InvalidInputException($"Corruption 'noc_rain' needs an image of at least 15x15 pixels, got {width}x{height}.");
        }

        var drops = DrawInteger(12, 120, severity, rng);
        var x = ToUnit(rgb);
        for (var d = 0; d < drops; d++)
        {
            var cy = (int)rng.RandInt(7, height - 7 + 1);
            var cx = (int)rng.RandInt(7, width - 7 + 1);
            for (var k = 0; k < HalfWidths.Length; k++)
            {
                var y = cy + k - 6;
                if (y < 0 || y >= height)
                {
                    continue;
                }

                for (var c = Math.Max(0, cx - HalfWidths[k]); c <= Math.Min(width - 1, cx + HalfWidths[k]); c++)
                {
                    var i = ((y * width) + c) * 3;
                    for (var ch = 0; ch < 3; ch++)
                    {
                        x[i + ch] = 0.5 + (0.5 * x[i + ch]);
                    }
                }
            }
        }

        return FromUnit(x, width, height);
    }
}
