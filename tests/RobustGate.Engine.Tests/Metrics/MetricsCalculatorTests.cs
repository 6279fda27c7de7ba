using RobustGate.Engine.Evaluation;
using RobustGate.Engine.Metrics;
using static RobustGate.Engine.Tests.Reporting.ReportFixtures;

namespace RobustGate.Engine.Tests.Metrics;

public class MetricsCalculatorTests
{
    // Hand-computed values below are ratios of small decimals; 1e-12 covers double round-off.
    private const double Tolerance = 1e-12;

    private static readonly BaselineTable Baseline = new(
        BaselineKind.Model,
        "toy",
        null,
        0.2,
        [
            new BaselineCorruption("gaussian_noise", new Dictionary<int, double> { [1] = 0.5, [2] = 0.5 }, null),
            new BaselineCorruption("fog", new Dictionary<int, double> { [1] = 0.4, [2] = 0.6 }, null),
        ]);

    private static List<SettingResult> ToySettings() =>
    [
        Setting(SuiteKind.Clean, "clean", "clean", null, 10, 1),
        Setting(SuiteKind.Corruption, "gaussian_noise", "noise", 1, 10, 3),
        Setting(SuiteKind.Corruption, "gaussian_noise", "noise", 2, 10, 5),
        Setting(SuiteKind.Corruption, "fog", "weather", 1, 10, 2),
        Setting(SuiteKind.Corruption, "fog", "weather", 2, 10, 2),
    ];

    [Fact]
    public void Ce_mce_and_relative_mce_match_hand_computation()
    {
        var m = MetricsCalculator.Compute(ToySettings(), Baseline);

        Assert.Equal(0.1, m.CleanError!.Value, Tolerance);
        // CE_gn = (0.3 + 0.5) / (0.5 + 0.5) = 0.8; CE_fog = (0.2 + 0.2) / (0.4 + 0.6) = 0.4.
        Assert.Equal(0.8, m.Corruptions[0].Ce!.Value, Tolerance);
        Assert.Equal(0.4, m.Corruptions[1].Ce!.Value, Tolerance);
        Assert.Equal(0.6, m.Mce!.Value, Tolerance);
        // Relative: gn (0.8 - 2*0.1)/(1.0 - 2*0.2) = 1; fog (0.4 - 0.2)/(1.0 - 0.4) = 1/3.
        Assert.Equal(1.0, m.Corruptions[0].RelativeCe!.Value, Tolerance);
        Assert.Equal(1.0 / 3.0, m.Corruptions[1].RelativeCe!.Value, Tolerance);
        Assert.Equal(2.0 / 3.0, m.RelativeMce!.Value, Tolerance);
        Assert.Equal(0.3, m.MeanCorruptionError!.Value, Tolerance);
        Assert.False(m.MceComplete);
        Assert.Equal(["gaussian_noise", "fog"], m.MceCorruptions);
        Assert.Equal([("noise", 0.4), ("weather", 0.2)], m.Groups.Select(g => (g.Group, Math.Round(g.MeanError, 12))));
    }

    [Fact]
    public void Without_a_baseline_ce_and_mce_are_null_but_plain_errors_remain()
    {
        var m = MetricsCalculator.Compute(ToySettings(), baseline: null);

        Assert.Null(m.Mce);
        Assert.Null(m.RelativeMce);
        Assert.All(m.Corruptions, c => Assert.Null(c.Ce));
        Assert.Equal(0.3, m.MeanCorruptionError!.Value, Tolerance);
    }

    [Fact]
    public void Baseline_with_only_a_mean_normalises_a_full_severity_sweep_but_not_a_partial_one()
    {
        var extra = BaselineTable.AlexNet.Find("spatter")!;

        Assert.Equal(5 * 0.717512, extra.ErrorSum([1, 2, 3, 4, 5])!.Value, Tolerance);
        Assert.Null(extra.ErrorSum([1, 2, 3]));
    }

    [Fact]
    public void AlexNet_per_severity_rows_average_to_the_published_means()
    {
        foreach (var c in BaselineTable.AlexNet.Corruptions.Where(c => c.SeverityErrors.Count == 5))
        {
            // The spec states the per-severity rows reproduce the six-decimal means exactly; 5e-7 is half a unit in the sixth decimal.
            Assert.Equal(c.MeanError!.Value, c.SeverityErrors.Values.Average(), 5e-7);
        }

        Assert.Equal(15, BaselineTable.AlexNet.Corruptions.Count(c => c.SeverityErrors.Count == 5));
        Assert.Equal(0.4348, BaselineTable.AlexNet.CleanError);
    }

    [Fact]
    public void Robust_accuracy_is_the_per_sample_worst_case_including_clean()
    {
        // 8 samples; clean wrong on 0; pgd wrong on 1, 2; apgd-ce wrong on 2, 3; apgd-dlr wrong on 4.
        var settings = new List<SettingResult>
        {
            Setting(SuiteKind.Clean, "clean", "clean", null, null, 8, i => i == 0),
            Setting(SuiteKind.Attack, "pgd-linf", "pgd-linf", null, 0.03, 8, i => i is 1 or 2),
            Setting(SuiteKind.Attack, "apgd-ce", "autoattack", null, 0.03, 8, i => i is 2 or 3),
            Setting(SuiteKind.Attack, "apgd-dlr", "autoattack", null, 0.03, 8, i => i == 4),
        };

        var ra = MetricsCalculator.Compute(settings, null).RobustAccuracies.ToDictionary(r => r.Name);

        Assert.Equal(["pgd-linf", "autoattack", "apgd-ce", "apgd-dlr", "all"], ra.Keys);
        Assert.Equal(5, ra["pgd-linf"].Correct);   // wrong: 0, 1, 2
        Assert.Equal(4, ra["autoattack"].Correct); // wrong: 0, 2, 3, 4
        Assert.Equal(5, ra["apgd-ce"].Correct);    // wrong: 0, 2, 3
        Assert.Equal(3, ra["all"].Correct);        // wrong: 0..4; right: 5, 6, 7
    }
}
