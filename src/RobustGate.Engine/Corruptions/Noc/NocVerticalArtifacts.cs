using RobustGate.Engine.Imaging;
using RobustGate.Engine.Randomness;

namespace RobustGate.Engine.Corruptions.Noc;

/// <summary>
/// NOC vertical artifacts: 14 … 180 vertical dashes of one random gray. Each dash: a column
/// ℓ ∈ [1, W − 2] and rows c − 2 … c + 2 around c ∈ [2, H − 3]; with probability 6/7 (n = randint(0, 6) ≥ 1)
/// two stretched copies (rows c + 6, c + 8, …, c + 14 if c + 2 &lt; H − 12, and c − 10, …, c − 2 if c − 2 &gt; 7)
/// are added; every point is 3 px wide (columns ℓ − 1 … ℓ + 1).
/// </summary>
public sealed class NocVerticalArtifacts : NocCorruption
{
    public NocVerticalArtifacts()
        : base("noc_vertical_artifacts", "14..180 vertical gray dashes")
    {
    }

    protected override Image ApplyRgb(Image rgb, int severity, NumpyRandom rng)
    {
        int width = rgb.Width, height = rgb.Height;
        if (width < 5 || height < 6)
        {
            throw new InvalidInputException($"Corruption 'noc_vertical_artifacts' needs an image of at least 5x6 pixels, got {width}x{height}.");
        }

        var lines = DrawInteger(14, 180, severity, rng);
        var gray = rng.NextDouble();
        var x = ToUnit(rgb);
        var rows = new List<int>(15);
        for (var l = 0; l < lines; l++)
        {
            var column = (int)rng.RandInt(1, width - 2 + 1);
            var centre = (int)rng.RandInt(2, height - 3 + 1);
            rows.Clear();
            for (var r = centre - 2; r <= centre + 2; r++)
            {
                rows.Add(r);
            }

            if (rng.RandInt(0, 7) >= 1)
            {
                if (centre + 2 < height - 12)
                {
                    for (var r = centre + 6; r <= centre + 14; r += 2)
                    {
                        rows.Add(r);
                    }
                }

                if (centre - 2 > 7)
                {
                    for (var r = centre - 10; r <= centre - 2; r += 2)
                    {
                        rows.Add(r);
                    }
                }
            }

            foreach (var r in rows)
            {
                for (var c = column - 1; c <= column + 1; c++)
                {
                    var i = ((r * width) + c) * 3;
                    x[i] = x[i + 1] = x[i + 2] = gray;
                }
            }
        }

        return FromUnit(x, width, height);
    }
}
