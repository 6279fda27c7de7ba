namespace RobustGate.Engine.Metrics;

/// <summary>
/// Exact one-sided sign test over samples for metrics that pool many settings (mCE, mean
/// corruption error). For each sample i, d_i is the candidate's minus the baseline's weighted
/// error count over the metric's settings (the weights are what the metric gives each setting,
/// e.g. 1 / sum of baseline errors of the corruption for mCE), so the metric's difference is
/// proportional to the mean of the d_i. Samples are independent draws, so the signs of the
/// non-zero d_i are Binomial(n, 1/2) under "no systematic difference". Pooling the settings into
/// one McNemar table instead would treat the 75 settings of one image as independent, which they
/// are not (a hard image is hard under every corruption), and would understate p. With a single
/// setting and unit weight the sign test is exactly McNemar's test.
/// </summary>
public static class PairedSignTest
{
    /// <summary>Tests per-sample differences (candidate minus baseline; positive = candidate worse).</summary>
    public static PairedTestResult Test(ReadOnlySpan<double> differences)
    {
        var worse = 0;
        var better = 0;
        foreach (var d in differences)
        {
            // Differences are sums of a few weighted 0/1 terms; treat round-off as a tie.
            if (d > 1e-12)
            {
                worse++;
            }
            else if (d < -1e-12)
            {
                better++;
            }
        }

        return McNemarTest.FromCounts(worse, better);
    }
}
