using RobustGate.Engine.Metrics;

namespace RobustGate.Engine.Tests.Metrics;

public class WilsonIntervalTests
{
    // Reference values from the closed-form Wilson formula evaluated in Python (double precision)
    // and, for 5/20, the textbook value [0.1119, 0.4687]. The C# code evaluates the same formula in
    // a different order, so agreement to 1e-12 is the expected round-off, not an approximation.
    private const double Tolerance = 1e-12;

    [Theory]
    [InlineData(5, 20, 0.11186170140766569, 0.468700877618744)]
    [InlineData(37, 1000, 0.026961180875554734, 0.05058239748206931)]
    [InlineData(0, 10, 0.0, 0.2775327998628892)]
    [InlineData(10, 10, 0.7224672001371107, 1.0)]
    public void Matches_hand_computed_bounds(int successes, int total, double lower, double upper)
    {
        var interval = WilsonInterval.Compute(successes, total);

        Assert.Equal(lower, interval.Lower, Tolerance);
        Assert.Equal(upper, interval.Upper, Tolerance);
    }

    [Fact]
    public void Empty_sample_gives_the_whole_unit_interval()
    {
        Assert.Equal(new WilsonInterval(0, 1), WilsonInterval.Compute(0, 0));
    }

    [Fact]
    public void Rejects_more_successes_than_trials()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => WilsonInterval.Compute(11, 10));
    }
}
