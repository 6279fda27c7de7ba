using RobustGate.Engine.Gating;

namespace RobustGate.Engine.Tests.Gating;

public class GateRuleParserTests
{
    [Theory]
    [InlineData("mce <= 0.80", GateMetric.Mce, null, GateComparison.AtMost, 0.80, "mce <= 0.800")]
    [InlineData("mce increase vs baseline <= 0.01", GateMetric.Mce, null, GateComparison.IncreaseAtMost, 0.01, "mce increase vs baseline <= 0.010")]
    [InlineData("mean_corruption_error increase <= 0.01", GateMetric.MeanCorruptionError, null, GateComparison.IncreaseAtMost, 0.01, "mean_corruption_error increase vs baseline <= 0.010")]
    [InlineData("clean_error<=0.10", GateMetric.CleanError, null, GateComparison.AtMost, 0.10, "clean_error <= 0.100")]
    [InlineData("ce[gaussian_noise] <= 0.9", GateMetric.CorruptionCe, "gaussian_noise", GateComparison.AtMost, 0.9, "ce[gaussian_noise] <= 0.900")]
    [InlineData("ce[fog] increase vs baseline <= 0.05", GateMetric.CorruptionCe, "fog", GateComparison.IncreaseAtMost, 0.05, "ce[fog] increase vs baseline <= 0.050")]
    [InlineData("robust_accuracy[pgd-linf] >= 0.3", GateMetric.RobustAccuracy, "pgd-linf", GateComparison.AtLeast, 0.3, "robust_accuracy[pgd-linf] >= 0.300")]
    [InlineData("robust_accuracy decrease vs baseline <= 0.02", GateMetric.RobustAccuracy, "all", GateComparison.DecreaseAtMost, 0.02, "robust_accuracy[all] decrease vs baseline <= 0.020")]
    [InlineData("relative_mce < 1.2", GateMetric.RelativeMce, null, GateComparison.Below, 1.2, "relative_mce < 1.200")]
    [InlineData("clean_error <= 0.00025", GateMetric.CleanError, null, GateComparison.AtMost, 0.00025, "clean_error <= 0.00025")]
    [InlineData("clean_error increase <= 5e-3", GateMetric.CleanError, null, GateComparison.IncreaseAtMost, 0.005, "clean_error increase vs baseline <= 0.005")]
    public void Parses_and_prints_canonically(string text, GateMetric metric, string? argument, GateComparison comparison, double threshold, string canonical)
    {
        var rule = GateRule.Parse(text);

        Assert.Equal(new GateRule(metric, argument, comparison, threshold), rule);
        Assert.Equal(canonical, rule.Text);
        Assert.Equal(rule, GateRule.Parse(rule.Text));
    }

    [Theory]
    [InlineData("mce <= abc", "expected a number at column 8, found \"abc\"")]
    [InlineData("mcee <= 0.1", "expected a metric (mce, relative_mce, mean_corruption_error, clean_error, ce[<corruption>], robust_accuracy[<attack>]) at column 1, found \"mcee\"")]
    [InlineData("mce == 0.1", "expected an operator (<=, <, >=, >) or increase/decrease at column 5, found \"==\"")]
    [InlineData("mce increase vs base <= 0.01", "expected \"baseline\" at column 17, found \"base\"")]
    [InlineData("mce increase >= 0.01", "expected \"<=\" at column 14 (a change rule states the largest tolerated change), found \">=\"")]
    [InlineData("robust_accuracy[pgd] increase <= 0.01", "expected \"decrease\" at column 22 (robust_accuracy[pgd] regresses when it falls), found \"increase\"")]
    [InlineData("ce <= 0.9", "expected ce[<corruption>] at column 1, found \"ce\"")]
    [InlineData("mce <= 0.8 or so", "expected the end of the rule at column 12, found \"or\"")]
    [InlineData("clean_error <= 10", "expected a fraction in [0, 1] at column 16 (0.01 is one percentage point), found 10")]
    [InlineData("mce <=", "expected a number at column 7, found the end of the rule")]
    [InlineData("clean_error <= 5%", "unexpected character '%' at column 17")]
    [InlineData("", "expected a rule such as \"mce increase vs baseline <= 0.01\", found an empty string")]
    public void Errors_point_at_the_bad_token(string text, string expected)
    {
        var error = Assert.Throws<ConfigurationException>(() => GateRule.Parse(text));

        Assert.Equal($"gate rule \"{text}\": {expected}", error.Message);
    }

    [Fact]
    public void Errors_from_configuration_name_file_and_json_path()
    {
        var error = Assert.Throws<ConfigurationException>(() => GatePolicy.FromStrings(["mce <= 0.8", "mce <= x"], file: "robustgate.json"));

        Assert.Equal("robustgate.json: $.gate.rules[1]: gate rule \"mce <= x\": expected a number at column 8, found \"x\"", error.Message);
        Assert.Equal(ExitCodes.UsageOrConfiguration, error.ExitCode);
    }
}
