using RobustGate.Engine.Overlap;

namespace RobustGate.Engine.Tests.Overlap;

/// <summary>The overlapping score on matrices worked out by hand (spec corruptions.md §9.3).</summary>
public sealed class OverlapScoreTests
{
    // Decimal inputs are not exact in binary; a few ulps of the ~1 results is all the arithmetic can add.
    private const double Tolerance = 1e-12;

    // R_{m_0}(c_j): m_0's robustness to c0, c1, c2.
    private static readonly double[] Standard = [0.5, 0.6, 0.8];

    // R_{m_ci}(c_j): row i = model trained on c_i. Training on c2 brings no gain on c2 (0.8 = 0.8).
    private static readonly double[,] Trained =
    {
        { 0.9, 0.7, 0.8 },
        { 0.7, 0.9, 0.7 },
        { 0.5, 0.6, 0.8 },
    };

    [Fact]
    public void Pair_follows_the_formula()
    {
        // Gains on the diagonal: c0 0.4, c1 0.3. O(0,1) = ½·[(0.7 − 0.6) / 0.3 + (0.7 − 0.5) / 0.4] = ½·[1/3 + 1/2] = 5/12.
        Assert.Equal(5.0 / 12.0, OverlapScore.Pair(Standard, Trained, 0, 1), Tolerance);
        Assert.Equal(0.42, OverlapScore.Round(OverlapScore.Pair(Standard, Trained, 0, 1)));
    }

    [Fact]
    public void Diagonal_is_one_when_the_gain_is_defined()
    {
        Assert.Equal(1.0, OverlapScore.Pair(Standard, Trained, 0, 0));
        Assert.Equal(1.0, OverlapScore.Pair(Standard, Trained, 1, 1));
    }

    [Fact]
    public void Zero_gain_on_the_diagonal_makes_the_score_undefined()
    {
        Assert.True(double.IsNaN(OverlapScore.Pair(Standard, Trained, 2, 2)));
        Assert.True(double.IsNaN(OverlapScore.Pair(Standard, Trained, 0, 2)));
        Assert.True(double.IsNaN(OverlapScore.Pair(Standard, Trained, 2, 1)));
    }

    [Fact]
    public void Negative_gain_on_the_diagonal_makes_the_score_undefined()
    {
        // Training on c1 made the model less robust to c1 (0.4 < 0.5): no gain to take a share of.
        double[] standard = [0.5, 0.6];
        double[,] trained = { { 0.4, 0.7 }, { 0.6, 0.9 } };
        Assert.True(double.IsNaN(OverlapScore.Pair(standard, trained, 0, 1)));
        Assert.True(double.IsNaN(OverlapScore.Pair(standard, trained, 0, 0)));
        Assert.Equal(1.0, OverlapScore.Pair(standard, trained, 1, 1));
    }

    [Fact]
    public void Negative_overlap_is_clipped_to_zero()
    {
        // Training on either corruption makes the model less robust to the other:
        // ½·[(0.4 − 0.6) / 0.3 + (0.4 − 0.5) / 0.4] = ½·[−2/3 − 1/4] < 0.
        double[] standard = [0.5, 0.6];
        double[,] trained = { { 0.9, 0.4 }, { 0.4, 0.9 } };
        Assert.Equal(0.0, OverlapScore.Pair(standard, trained, 0, 1));
        Assert.Equal(0.0, OverlapScore.Pair(standard, trained, 1, 0));
    }

    [Fact]
    public void Overlap_above_one_is_kept()
    {
        // Training on c0 helps on c1 more than training on c1 itself: the spec clips only below 0.
        // ½·[(0.9 − 0.5) / 0.2 + (0.6 − 0.5) / 0.2] = ½·[2 + 0.5] = 1.25.
        double[] standard = [0.5, 0.5];
        double[,] trained = { { 0.7, 0.9 }, { 0.6, 0.7 } };
        Assert.Equal(1.25, OverlapScore.Pair(standard, trained, 0, 1), Tolerance);
    }

    [Fact]
    public void Matrix_is_symmetric_bit_for_bit()
    {
        var random = new Random(5);
        const int n = 6;
        var standard = Enumerable.Range(0, n).Select(_ => random.NextDouble()).ToArray();
        var trained = new double[n, n];
        for (var i = 0; i < n; i++)
        {
            for (var j = 0; j < n; j++)
            {
                trained[i, j] = random.NextDouble();
            }
        }

        var overlap = OverlapScore.Matrix(standard, trained);
        for (var i = 0; i < n; i++)
        {
            for (var j = 0; j < n; j++)
            {
                Assert.Equal(BitConverter.DoubleToInt64Bits(overlap[i, j]), BitConverter.DoubleToInt64Bits(overlap[j, i]));
                Assert.True(overlap[i, j] >= 0 || double.IsNaN(overlap[i, j]));
            }
        }
    }

    [Fact]
    public void Robustness_is_the_accuracy_ratio_and_undefined_without_clean_accuracy()
    {
        Assert.Equal(0.75, OverlapScore.Robustness(0.6, 0.8), Tolerance);
        Assert.True(double.IsNaN(OverlapScore.Robustness(0.1, 0)));
    }

    [Theory]
    [InlineData(0.125, 0.13)]
    [InlineData(0.41666, 0.42)]
    [InlineData(1.0, 1.0)]
    [InlineData(0.0, 0.0)]
    public void Round_keeps_two_decimals_half_away_from_zero(double value, double expected)
    {
        Assert.Equal(expected, OverlapScore.Round(value));
    }

    [Fact]
    public void Mismatched_shapes_are_rejected()
    {
        Assert.Throws<ArgumentException>(() => OverlapScore.Matrix([0.5, 0.5], new double[2, 3]));
    }
}
