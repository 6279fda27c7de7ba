using RobustGate.Engine.Evaluation;
using RobustGate.Engine.Gating;
using RobustGate.Engine.Metrics;
using RobustGate.Engine.Reporting;
using static RobustGate.Engine.Tests.Reporting.ReportFixtures;

namespace RobustGate.Engine.Tests.Gating;

public class GatePolicyTests
{
    /// <summary>A report with one clean setting whose wrong samples are given, over samples [first, first + total).</summary>
    private static Report CleanOnly(int total, Func<int, bool> wrong, int first = 0, string contentHash = "feedc0de") =>
        Report.Create(
            "t", FixedTime, 1, new ModelInfo("m", null, null, 10, [0.5], [0.5], [1, 8, 8]),
            new DataInfo("d", null, contentHash, Enumerable.Range(first, total).ToList(), null),
            1, "p", "cpu", null, null,
            [Setting(SuiteKind.Clean, "clean", "clean", null, null, total, i => wrong(first + i))]);

    private static GateRuleResult Single(string rule, Report candidate, Report? baseline) =>
        Assert.Single(GatePolicy.FromStrings([rule]).Evaluate(candidate, baseline).Rules);

    [Fact]
    public void Significant_regression_beyond_tolerance_fails()
    {
        var baseline = CleanOnly(1000, i => i < 100);
        var candidate = CleanOnly(1000, i => i < 130);

        var result = Single("clean_error increase vs baseline <= 0.01", candidate, baseline);

        Assert.False(result.Passed);
        Assert.Equal("RG1003", result.Id);
        // 30 discordant pairs, all against the candidate: p = 2^-30.
        Assert.Equal(Math.Pow(2, -30), result.PValue!.Value, 1e-20);
        Assert.True(result.Significant);
        Assert.Equal(0.03, result.Delta!.Value, 1e-12);
        Assert.Equal("clean error rose from 0.100 to 0.130 (+0.030 > 0.010, p<0.001)", result.Message);
    }

    [Fact]
    public void Regression_within_tolerance_passes()
    {
        // Discordant: 8 candidate-only errors (100..107), 2 baseline-only (200, 201).
        var baseline = CleanOnly(1000, i => i < 100 || i is 200 or 201);
        var candidate = CleanOnly(1000, i => i < 108);

        var result = Single("clean_error increase vs baseline <= 0.01", candidate, baseline);

        Assert.True(result.Passed);
        Assert.Equal(56.0 / 1024.0, result.PValue!.Value, 1e-15);
        Assert.Equal("clean error rose from 0.102 to 0.108 (+0.006 <= 0.010, p=0.055)", result.Message);
    }

    [Fact]
    public void Regression_beyond_tolerance_that_is_not_significant_passes_and_says_so()
    {
        // 40 samples: 3 candidate-only errors, 2 baseline-only: p = P(X >= 3 | 5) = 0.5.
        var baseline = CleanOnly(40, i => i < 4 || i is 10 or 11);
        var candidate = CleanOnly(40, i => i < 7);

        var result = Single("clean_error increase vs baseline <= 0.01", candidate, baseline);

        Assert.True(result.Passed);
        Assert.False(result.Significant);
        Assert.Equal("clean error rose from 0.150 to 0.175 (+0.025 > 0.010, p=0.500, not significant at 0.05)", result.Message);
    }

    [Fact]
    public void Significance_level_is_configurable()
    {
        var baseline = CleanOnly(1000, i => i < 100 || i is 200 or 201);
        var candidate = CleanOnly(1000, i => i < 125);

        // 25 worse, 2 better: p ~ 2.8e-6, significant at 0.05 but not at 1e-6.
        Assert.False(GatePolicy.FromStrings(["clean_error increase <= 0.01"]).Evaluate(candidate, baseline).Passed);
        Assert.True(GatePolicy.FromStrings(["clean_error increase <= 0.01"], significance: 1e-6).Evaluate(candidate, baseline).Passed);
    }

    [Fact]
    public void Improvement_passes()
    {
        var result = Single("clean_error increase vs baseline <= 0.01", CleanOnly(100, i => i < 10), CleanOnly(100, i => i < 20));

        Assert.True(result.Passed);
        Assert.Equal("clean error fell from 0.200 to 0.100 (-0.100 <= 0.010, p=1.000)", result.Message);
    }

    [Fact]
    public void Absolute_limits_pass_and_fail_on_the_point_estimate()
    {
        var report = CleanOnly(100, i => i < 12);

        var fail = Single("clean_error <= 0.10", report, null);
        var pass = Single("clean_error < 0.2", report, null);

        Assert.False(fail.Passed);
        Assert.Equal("clean error is 0.120 (> 0.100)", fail.Message);
        Assert.Null(fail.PValue);
        Assert.True(pass.Passed);
        Assert.Equal("clean error is 0.120 (< 0.200)", pass.Message);
    }

    [Fact]
    public void Mce_regression_uses_the_pooled_sign_test_and_reads_like_the_spec()
    {
        var baseline = SmallReport(200, shift: -0.03);
        var candidate = SmallReport(200);

        var result = Single("mce increase vs baseline <= 0.01", candidate, baseline);

        Assert.Equal("RG1001", result.Id);
        Assert.False(result.Passed);
        Assert.Equal(candidate.Metrics.Mce!.Value, result.Observed!.Value, 1e-12);
        Assert.Equal(baseline.Metrics.Mce!.Value, result.Baseline!.Value, 1e-12);
        Assert.Matches(@"^mCE rose from 0\.\d{3} to 0\.\d{3} \(\+0\.\d{3} > 0\.010, p(=0\.\d{3}|<0\.001)\)$", result.Message);
    }

    [Fact]
    public void Identical_runs_pass_every_default_rule_and_the_defaults_are_listed()
    {
        var report = SmallReport();

        var verdict = new GatePolicy([]).Evaluate(report, SmallReport());

        Assert.True(verdict.Passed);
        Assert.Equal(["RG1002", "RG1001", "RG1003"], verdict.Rules.Select(r => r.Id));
        Assert.Equal("mean_corruption_error increase vs baseline <= 0.010", verdict.Rules[0].Rule);
        Assert.All(verdict.Rules, r => Assert.Equal(1.0, r.PValue));
        Assert.Equal(ExitCodes.Pass, verdict.ExitCode);
    }

    [Fact]
    public void Without_baseline_and_rules_there_is_nothing_to_fail()
    {
        var verdict = new GatePolicy([]).Evaluate(SmallReport());

        Assert.Empty(verdict.Rules);
        Assert.Equal("pass", verdict.Verdict);
    }

    [Fact]
    public void Comparison_without_a_baseline_report_is_a_configuration_problem()
    {
        var verdict = GatePolicy.FromStrings(["mce increase vs baseline <= 0.01"]).Evaluate(SmallReport());

        var result = Assert.Single(verdict.Rules);
        Assert.Equal("RG2003", result.Id);
        Assert.False(verdict.Passed);
        Assert.Equal(ExitCodes.UsageOrConfiguration, verdict.ExitCode);
    }

    [Fact]
    public void Baseline_with_no_shared_samples_is_RG2001()
    {
        var result = Single("clean_error increase <= 0.01", CleanOnly(50, _ => false), CleanOnly(50, _ => false, first: 1000));

        Assert.Equal("RG2001", result.Id);
        Assert.False(result.Passed);
    }

    [Fact]
    public void Baseline_on_other_data_is_RG2004()
    {
        var result = Single("clean_error increase <= 0.01", CleanOnly(50, _ => false), CleanOnly(50, _ => false, contentHash: "0ther"));

        Assert.Equal("RG2004", result.Id);
    }

    [Fact]
    public void Metric_that_cannot_be_computed_is_RG2002()
    {
        var result = Single("mce <= 0.8", CleanOnly(50, _ => false), null);

        Assert.Equal("RG2002", result.Id);
        Assert.Equal("mCE is not available: the report has no CE normaliser (configure a baseline)", result.Message);
    }

    [Fact]
    public void Comparison_is_paired_on_the_shared_samples_only()
    {
        // Baseline covers 0..199, candidate 100..299; on the shared 100..199 both are wrong on 100..109.
        var baseline = CleanOnly(200, i => i is >= 100 and < 110);
        var candidate = CleanOnly(200, i => i is >= 100 and < 110 || i >= 250, first: 100);

        var result = Single("clean_error increase <= 0.01", candidate, baseline);

        Assert.True(result.Passed);
        Assert.Equal(0.1, result.Observed!.Value, 1e-12);
        Assert.Equal(0.1, result.Baseline!.Value, 1e-12);
        Assert.Equal("clean error unchanged at 0.100 (+0.000 <= 0.010, p=1.000)", result.Message);
    }

    [Fact]
    public void Robust_accuracy_drop_is_tested_on_worst_case_correctness()
    {
        var baseline = SmallReport(400, shift: -0.1);
        var candidate = SmallReport(400);

        var result = Single("robust_accuracy[all] decrease vs baseline <= 0.01", candidate, baseline);

        Assert.Equal("RG1005", result.Id);
        Assert.False(result.Passed);
        Assert.True(result.Delta < -0.01);
        Assert.Matches(@"^robust accuracy\[all\] fell from 0\.\d{3} to 0\.\d{3} \(-0\.\d{3} < -0\.010, p(=0\.\d{3}|<0\.001)\)$", result.Message);
    }

    [Fact]
    public void Per_corruption_ce_rules_use_code_RG1004()
    {
        var report = SmallReport();
        var fog = report.Metrics.Corruptions.Single(c => c.Name == "fog").Ce!.Value;

        var pass = Single($"ce[fog] <= {fog + 0.01:0.000}", report, null);
        var missing = Single("ce[snow] <= 0.9", report, null);

        Assert.Equal("RG1004", pass.Id);
        Assert.True(pass.Passed);
        Assert.Equal("RG2002", missing.Id);
        Assert.Contains("corruption \"snow\" was not evaluated", missing.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Mce_comparison_scores_both_sides_with_the_candidates_normaliser()
    {
        var normaliser = BaselineTable.FromSettings(BaselineKind.Model, "resnet50", null, SmallRunSettings(shift: 0.1));
        var candidate = SmallReport() with { Baseline = normaliser };
        candidate = candidate with { Metrics = MetricsCalculator.Compute(candidate.Settings, normaliser) };
        var baseline = SmallReport(shift: -0.05); // written with AlexNet as its normaliser

        var result = Single("mce increase vs baseline <= 0.01", candidate, baseline);

        Assert.Equal("RG1001", result.Id);
        Assert.Equal(MetricsCalculator.Compute(baseline.Settings, normaliser).Mce!.Value, result.Baseline!.Value, 1e-12);
        Assert.NotEqual(baseline.Metrics.Mce!.Value, result.Baseline!.Value, 1e-6);
        Assert.Equal(candidate.Metrics.Mce!.Value, result.Observed!.Value, 1e-12);
    }

    [Fact]
    public void Relative_mce_and_per_corruption_ce_regressions_are_caught_when_only_corruptions_get_worse()
    {
        var baselineSettings = SmallRunSettings(400);
        var worse = SmallRunSettings(400, shift: 0.1);
        // Same clean and attack results; only the corruption settings get worse.
        var candidateSettings = baselineSettings.Select((s, k) => s.Kind == SuiteKind.Corruption ? worse[k] : s).ToList();
        Report Build(IReadOnlyList<SettingResult> settings) => SmallReport(400) with { Settings = settings, Metrics = MetricsCalculator.Compute(settings, BaselineTable.AlexNet) };
        var baseline = Build(baselineSettings);
        var candidate = Build(candidateSettings);

        var verdict = GatePolicy.FromStrings(["relative_mce increase vs baseline <= 0.01", "ce[fog] increase vs baseline <= 0.01", "clean_error increase vs baseline <= 0.01"]).Evaluate(candidate, baseline);

        Assert.Equal(["RG1006", "RG1004", "RG1003"], verdict.Rules.Select(r => r.Id));
        Assert.False(verdict.Rules[0].Passed);
        Assert.False(verdict.Rules[1].Passed);
        Assert.True(verdict.Rules[0].PValue < 0.001);
        Assert.Equal(candidate.Metrics.RelativeMce!.Value - baseline.Metrics.RelativeMce!.Value, verdict.Rules[0].Delta!.Value, 1e-12);
        Assert.True(verdict.Rules[2].Passed);
        Assert.Equal(1.0, verdict.Rules[2].PValue);
    }
}
