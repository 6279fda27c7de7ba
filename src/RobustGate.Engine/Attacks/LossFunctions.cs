namespace RobustGate.Engine.Attacks;

/// <summary>
/// Attack objectives and their gradients with respect to the logits of one sample, in double
/// precision. The input gradient is then one backward pass from the logits, so every loss costs the
/// same and parameter gradients are never formed.
/// </summary>
internal static class LossFunctions
{
    private const double DlrEpsilon = 1e-12;

    /// <summary>Loss of <paramref name="logits"/>; writes dLoss/dlogits into <paramref name="gradient"/>.</summary>
    public static double Evaluate(AttackLoss loss, ReadOnlySpan<float> logits, int label, int target, Span<float> gradient)
    {
        gradient.Clear();
        switch (loss)
        {
            case AttackLoss.CrossEntropy:
                return CrossEntropy(logits, label, gradient);
            case AttackLoss.Dlr:
                return Dlr(logits, label, gradient);
            case AttackLoss.TargetedDlr:
                return TargetedDlr(logits, label, target, gradient);
            case AttackLoss.TargetLogit:
                gradient[target] = 1f;
                return logits[target];
            default:
                throw new ArgumentOutOfRangeException(nameof(loss), loss, "unknown attack loss");
        }
    }

    /// <summary>z_y − max_{j≠y} z_j: positive while the sample is classified correctly.</summary>
    public static double Margin(ReadOnlySpan<float> logits, int label)
    {
        var other = double.NegativeInfinity;
        for (var j = 0; j < logits.Length; j++)
        {
            if (j != label && logits[j] > other)
            {
                other = logits[j];
            }
        }

        return logits[label] - other;
    }

    /// <summary>Index of the largest logit; the lowest index wins ties (as torch.argmax).</summary>
    public static int ArgMax(ReadOnlySpan<float> logits)
    {
        var best = 0;
        for (var j = 1; j < logits.Length; j++)
        {
            if (logits[j] > logits[best])
            {
                best = j;
            }
        }

        return best;
    }

    private static double CrossEntropy(ReadOnlySpan<float> z, int y, Span<float> g)
    {
        double max = z[0];
        for (var j = 1; j < z.Length; j++)
        {
            max = Math.Max(max, z[j]);
        }

        double sum = 0;
        for (var j = 0; j < z.Length; j++)
        {
            sum += Math.Exp(z[j] - max);
        }

        var logSumExp = max + Math.Log(sum);
        for (var j = 0; j < z.Length; j++)
        {
            g[j] = (float)Math.Exp(z[j] - logSumExp);
        }

        g[y] -= 1f;
        return logSumExp - z[y];
    }

    private static double Dlr(ReadOnlySpan<float> z, int y, Span<float> g)
    {
        Span<int> top = stackalloc int[3];
        TopIndices(z, top);
        var other = top[0] == y ? top[1] : top[0];
        var d = (double)z[top[0]] - z[top[2]] + DlrEpsilon;
        var n = (double)z[y] - z[other];
        g[y] += (float)(-1.0 / d);
        g[other] += (float)(1.0 / d);
        g[top[0]] += (float)(n / (d * d));
        g[top[2]] -= (float)(n / (d * d));
        return -n / d;
    }

    private static double TargetedDlr(ReadOnlySpan<float> z, int y, int t, Span<float> g)
    {
        Span<int> top = stackalloc int[4];
        TopIndices(z, top);
        var d = (double)z[top[0]] - (0.5 * ((double)z[top[2]] + z[top[3]])) + DlrEpsilon;
        var n = (double)z[y] - z[t];
        g[y] += (float)(-1.0 / d);
        g[t] += (float)(1.0 / d);
        g[top[0]] += (float)(n / (d * d));
        g[top[2]] -= (float)(0.5 * n / (d * d));
        g[top[3]] -= (float)(0.5 * n / (d * d));
        return -n / d;
    }

    /// <summary>Indices of the <c>top.Length</c> largest logits in decreasing order (lower index first on ties).</summary>
    public static void TopIndices(ReadOnlySpan<float> z, Span<int> top)
    {
        if (z.Length < top.Length)
        {
            throw new ConfigurationException($"this attack loss needs at least {top.Length} classes; the model has {z.Length}");
        }

        top.Fill(-1);
        for (var j = 0; j < z.Length; j++)
        {
            for (var r = 0; r < top.Length; r++)
            {
                if (top[r] < 0 || z[j] > z[top[r]])
                {
                    for (var s = top.Length - 1; s > r; s--)
                    {
                        top[s] = top[s - 1];
                    }

                    top[r] = j;
                    break;
                }
            }
        }
    }
}
