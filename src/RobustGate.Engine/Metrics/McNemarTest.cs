using RobustGate.Engine.Evaluation;

namespace RobustGate.Engine.Metrics;

/// <summary>
/// Exact one-sided McNemar test on paired per-sample correctness. Under the null hypothesis that
/// candidate and baseline have the same error rate, each discordant sample (exactly one of the
/// two is wrong) is equally likely to go either way, so the number the candidate gets wrong out
/// of the discordant ones is Binomial(b + c, 1/2). The p-value is the probability of at least as
/// many candidate-only errors. Exact rather than chi-square because CI sample budgets often give
/// a handful of discordant pairs, where the chi-square approximation is poor.
/// </summary>
public static class McNemarTest
{
    /// <summary>Compares two correctness vectors over the same samples in the same order.</summary>
    public static PairedTestResult Compare(CorrectnessBits baseline, CorrectnessBits candidate)
    {
        ArgumentNullException.ThrowIfNull(baseline);
        ArgumentNullException.ThrowIfNull(candidate);
        if (baseline.Count != candidate.Count)
        {
            throw new ArgumentException($"paired test over {baseline.Count} and {candidate.Count} samples", nameof(candidate));
        }

        var worse = 0;
        var better = 0;
        for (var i = 0; i < baseline.Count; i++)
        {
            var b = baseline[i];
            var c = candidate[i];
            if (b && !c)
            {
                worse++;
            }
            else if (!b && c)
            {
                better++;
            }
        }

        return FromCounts(worse, better);
    }

    /// <summary>The test from discordant counts: <paramref name="worse"/> = baseline right and candidate wrong.</summary>
    public static PairedTestResult FromCounts(int worse, int better)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(worse);
        ArgumentOutOfRangeException.ThrowIfNegative(better);
        return new PairedTestResult(worse, better, BinomialTail.UpperHalf(worse, worse + better));
    }
}
