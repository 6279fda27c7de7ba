using RobustGate.Engine.Evaluation;
using RobustGate.Engine.Metrics;

namespace RobustGate.Engine.Tests.Metrics;

public class McNemarTestTests
{
    [Fact]
    public void Exact_p_value_of_8_against_2_is_56_over_1024()
    {
        // P(X >= 8), X ~ Bin(10, 1/2) = (C(10,8) + C(10,9) + C(10,10)) / 2^10 = 56/1024, exactly representable.
        var result = McNemarTest.FromCounts(worse: 8, better: 2);

        Assert.Equal(56.0 / 1024.0, result.PValue);
        Assert.Equal(10, result.Discordant);
    }

    [Theory]
    // Exact tails from Python big-integer sums (n = 100, 500, 10000) and 30-digit mpmath sums
    // (n = 200000). Relative tolerance 1e-9: Stirling's series and the log-space sum lose a few
    // digits at n in the hundreds of thousands; a gate needs two.
    [InlineData(30, 100, 0.9999839199923521)]
    [InlineData(60, 100, 0.028443966820490395)]
    [InlineData(300, 500, 4.470033271126634e-06)]
    [InlineData(5200, 10000, 3.296757799336221e-05)]
    [InlineData(100700, 200000, 0.00087919120250136093724)]
    [InlineData(100300, 200000, 0.090219404987549641522)]
    [InlineData(99800, 200000, 0.81505066470885334089)]
    public void Binomial_tail_matches_exact_values(int k, int n, double expected)
    {
        var p = BinomialTail.UpperHalf(k, n);

        Assert.True(Math.Abs(p - expected) <= 1e-9 * expected, $"P(X >= {k} | n={n}) = {p:R}, expected {expected:R}");
    }

    [Fact]
    public void No_discordant_pairs_gives_p_one()
    {
        Assert.Equal(1.0, McNemarTest.FromCounts(0, 0).PValue);
    }

    [Fact]
    public void Compare_counts_only_discordant_samples_in_the_candidates_disfavour()
    {
        var baseline = CorrectnessBits.FromBooleans([true, true, true, false, false, true]);
        var candidate = CorrectnessBits.FromBooleans([false, false, true, true, false, true]);

        var result = McNemarTest.Compare(baseline, candidate);

        Assert.Equal(2, result.Worse);
        Assert.Equal(1, result.Better);
        Assert.Equal(0.5, result.PValue); // P(X >= 2 | n = 3) = (3 + 1) / 8.
    }

    [Fact]
    public void Sign_test_with_unit_differences_equals_McNemar()
    {
        double[] differences = [1, 1, 1, 1, 1, 1, 1, 1, -1, -1, 0, 0, 0];

        Assert.Equal(McNemarTest.FromCounts(8, 2), PairedSignTest.Test(differences));
    }
}
