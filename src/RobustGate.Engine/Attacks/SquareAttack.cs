namespace RobustGate.Engine.Attacks;

/// <summary>
/// Square attack (Andriushchenko et al. 2020), L∞, gradient-free: the cross-check against gradient
/// masking. Margin loss z_y − max_{j≠y} z_j; start from vertical stripes of ±eps; each query adds
/// ±2·eps (one sign per channel) on a random square of side round(√(p·H·W)) (at most H − 1) to the
/// best point so far, projects and clips, and keeps the proposal if the margin fell or the image is
/// misclassified. p follows the reference schedule from p_init (0.8), halving after queries 10, 50,
/// 200, 500, 1000, 2000, 4000, 6000 and 8000 (no rescaling to the budget, as AutoAttack). Unlike the
/// reference, square positions and signs are drawn per sample (from the sample's own stream) so the
/// result does not depend on the batch. A sample stops at its first success.
/// </summary>
public sealed class SquareAttack : AttackBase
{
    public SquareAttack(AttackParameters parameters)
        : base("square", AttackNorm.Linf, parameters)
    {
    }

    /// <summary>Query budget: the given steps, else 5000 (AutoAttack).</summary>
    public int Queries => Parameters.Steps ?? 5000;

    /// <summary>The fraction of pixels a square covers at query <paramref name="iteration"/> (0-based).</summary>
    public static double Fraction(double initial, int iteration)
    {
        int[] bounds = [10, 50, 200, 500, 1000, 2000, 4000, 6000, 8000];
        var p = initial;
        foreach (var bound in bounds)
        {
            if (iteration > bound)
            {
                p /= 2;
            }
        }

        return p;
    }

    internal override void Perturb(AttackRun run)
    {
        var active = run.Remaining();
        if (active.Length == 0)
        {
            return;
        }

        var d = run.Elements;
        var channels = run.Oracle.Channels;
        var height = run.Oracle.Height;
        var width = run.Oracle.Width;
        var eps = EpsF;
        var best = new float[run.Clean.Length];
        var proposal = new float[run.Clean.Length];
        var margin = new double[run.Count];
        var random = new Tensors.Generator[run.Count];
        foreach (var i in active)
        {
            random[i] = run.RandomFor(i, 0);
            var clean = run.CleanOf(i);
            var x = best.AsSpan(i * d, d);
            for (var c = 0; c < channels; c++)
            {
                for (var col = 0; col < width; col++)
                {
                    var sign = random[i].NextUInt64() >> 63 == 0 ? -eps : eps;
                    for (var row = 0; row < height; row++)
                    {
                        var e = (((c * height) + row) * width) + col;
                        x[e] = Math.Clamp(clean[e] + sign, 0f, 1f);
                    }
                }
            }
        }

        var logits = run.Logits(active, best);
        active = Settle(run, active, best, logits, margin, null);
        for (var query = 1; query < Queries && active.Length > 0; query++)
        {
            var p = Fraction(Parameters.SquareFraction, query - 1);
            var side = Math.Clamp((int)Math.Round(Math.Sqrt(p * height * width)), 1, Math.Max(1, Math.Min(height, width) - 1));
            foreach (var i in active)
            {
                var clean = run.CleanOf(i);
                var current = best.AsSpan(i * d, d);
                var x = proposal.AsSpan(i * d, d);
                current.CopyTo(x);
                var top = (int)random[i].NextInt64(0, height - side + 1);
                var left = (int)random[i].NextInt64(0, width - side + 1);
                for (var c = 0; c < channels; c++)
                {
                    var change = random[i].NextUInt64() >> 63 == 0 ? -2 * eps : 2 * eps;
                    for (var row = top; row < top + side; row++)
                    {
                        for (var col = left; col < left + side; col++)
                        {
                            var e = (((c * height) + row) * width) + col;
                            x[e] = Math.Clamp(Math.Clamp(current[e] + change, clean[e] - eps, clean[e] + eps), 0f, 1f);
                        }
                    }
                }
            }

            logits = run.Logits(active, proposal);
            active = Settle(run, active, proposal, logits, margin, best);
        }

        foreach (var i in active)
        {
            best.AsSpan(i * d, d).CopyTo(run.AdversarialOf(i));
        }
    }

    /// <summary>
    /// Accepts improving proposals into <paramref name="best"/> (all of them when it is null: the
    /// start), stores misclassified ones, and returns the samples still to attack.
    /// </summary>
    private static int[] Settle(AttackRun run, int[] active, float[] candidates, float[] logits, double[] margin, float[]? best)
    {
        var d = run.Elements;
        var still = new List<int>(active.Length);
        for (var k = 0; k < active.Length; k++)
        {
            var i = active[k];
            var m = LossFunctions.Margin(logits.AsSpan(k * run.Classes, run.Classes), run.Labels[i]);
            var candidate = candidates.AsSpan(i * d, d);
            if (run.Misclassified(logits, k, i))
            {
                run.MarkFooled(i, candidate);
                continue;
            }

            if (best is null || m < margin[i])
            {
                margin[i] = m;
                if (best is not null)
                {
                    candidate.CopyTo(best.AsSpan(i * d, d));
                }
            }

            still.Add(i);
        }

        return [.. still];
    }
}
