using System.Globalization;
using RobustGate.Engine.Evaluation;
using RobustGate.Engine.Metrics;
using RobustGate.Engine.Reporting;

namespace RobustGate.Engine.Gating;

/// <summary>
/// The single place where pass/fail is decided (CLI, MSBuild task and workflow all call it).
/// Absolute rules (<c>mce &lt;= 0.80</c>) compare the candidate's point estimate with the limit.
/// Comparison rules (<c>mce increase vs baseline &lt;= 0.01</c>) are paired: both reports are
/// restricted to the samples and settings they share, and the rule fails only when the regression
/// exceeds the tolerance AND a one-sided paired test says it is significant at
/// <see cref="Significance"/> (p &lt; level). Single-setting metrics use the exact McNemar test;
/// pooled metrics use the exact sign test over samples of the per-sample weighted error difference
/// (<see cref="PairedSignTest"/>), which reduces to McNemar for one setting. CE-based values of
/// both sides are recomputed with the candidate's normaliser (else the baseline report's). With a baseline report
/// and no rules, <see cref="DefaultRules"/> apply.
/// </summary>
public sealed class GatePolicy
{
    public const double DefaultSignificance = 0.05;

    /// <summary>The tolerated rise of the default rules: one percentage point.</summary>
    public const double DefaultTolerance = 0.01;

    public GatePolicy(IEnumerable<GateRule> rules, double significance = DefaultSignificance)
    {
        ArgumentNullException.ThrowIfNull(rules);
        if (!(significance > 0 && significance < 1))
        {
            throw new ConfigurationException($"gate.significance: expected a level in (0, 1), found {significance.ToString("R", CultureInfo.InvariantCulture)}");
        }

        Rules = rules.ToList();
        Significance = significance;
    }

    /// <summary>The configured rules; empty means "defaults when there is a baseline report".</summary>
    public IReadOnlyList<GateRule> Rules { get; }

    public double Significance { get; }

    /// <summary>A policy from rule strings; parse errors name the file and <c>$.gate.rules[i]</c>.</summary>
    public static GatePolicy FromStrings(IEnumerable<string> rules, double significance = DefaultSignificance, string? file = null)
    {
        ArgumentNullException.ThrowIfNull(rules);
        return new GatePolicy(rules.Select((r, i) => GateRule.Parse(r, file, $"$.gate.rules[{i}]")).ToList(), significance);
    }

    /// <summary>The policy a report was gated with (its rules and level), e.g. to re-gate merged shards.</summary>
    public static GatePolicy FromReport(Report report)
    {
        ArgumentNullException.ThrowIfNull(report);
        return new GatePolicy(report.Gate.Rules.Select(r => GateRule.Parse(r.Rule)), report.Gate.Significance);
    }

    /// <summary>
    /// Defaults with a baseline report: mean corruption error, mCE (when both reports define it)
    /// and clean error may not rise significantly by more than <see cref="DefaultTolerance"/>.
    /// </summary>
    public static IReadOnlyList<GateRule> DefaultRules(Report candidate, Report? baseline)
    {
        ArgumentNullException.ThrowIfNull(candidate);
        if (baseline is null)
        {
            return [];
        }

        var rules = new List<GateRule>();
        if (candidate.Metrics.MeanCorruptionError is not null && baseline.Metrics.MeanCorruptionError is not null)
        {
            rules.Add(new GateRule(GateMetric.MeanCorruptionError, null, GateComparison.IncreaseAtMost, DefaultTolerance));
        }

        if (candidate.Metrics.Mce is not null && baseline.Metrics.Mce is not null)
        {
            rules.Add(new GateRule(GateMetric.Mce, null, GateComparison.IncreaseAtMost, DefaultTolerance));
        }

        if (candidate.Metrics.CleanError is not null && baseline.Metrics.CleanError is not null)
        {
            rules.Add(new GateRule(GateMetric.CleanError, null, GateComparison.IncreaseAtMost, DefaultTolerance));
        }

        return rules;
    }

    /// <summary>Evaluates every rule (or the defaults) on <paramref name="report"/>, paired against <paramref name="baselineReport"/> when given.</summary>
    public GateVerdict Evaluate(Report report, Report? baselineReport = null)
    {
        ArgumentNullException.ThrowIfNull(report);
        var rules = Rules.Count > 0 ? Rules : DefaultRules(report, baselineReport);
        var results = new List<GateRuleResult>();
        PairedView? view = null;
        foreach (var rule in rules)
        {
            if (!rule.IsComparison)
            {
                results.Add(EvaluateAbsolute(rule, report));
                continue;
            }

            if (baselineReport is null)
            {
                results.Add(Problem(GateCodes.BaselineUnavailable, rule, $"{rule.DisplayName}: the rule compares with a baseline report, and none was given"));
                continue;
            }

            if (report.Data.ContentSha256 is string a && baselineReport.Data.ContentSha256 is string b && !string.Equals(a, b, StringComparison.Ordinal))
            {
                results.Add(Problem(GateCodes.NotComparable, rule, $"{rule.DisplayName}: the baseline report was evaluated on different data (content hash {Short(b)} vs {Short(a)})"));
                continue;
            }

            view ??= PairedView.Create(report, baselineReport);
            results.Add(EvaluateComparison(rule, report, baselineReport, view));
        }

        return new GateVerdict(Significance, results);
    }

    private static GateRuleResult EvaluateAbsolute(GateRule rule, Report report)
    {
        var observed = Value(rule, report.Metrics);
        if (observed is null)
        {
            return Problem(GateCodes.MetricUnavailable, rule, $"{rule.DisplayName} is not available: {WhyUnavailable(rule, report)}");
        }

        var value = observed.Value;
        var passed = rule.Comparison switch
        {
            GateComparison.AtMost => value <= rule.Threshold,
            GateComparison.Below => value < rule.Threshold,
            GateComparison.AtLeast => value >= rule.Threshold,
            _ => value > rule.Threshold,
        };
        var shownOperator = (rule.Comparison, passed) switch
        {
            (GateComparison.AtMost, true) or (GateComparison.Above, false) => "<=",
            (GateComparison.AtMost, false) or (GateComparison.Above, true) => ">",
            (GateComparison.Below, true) or (GateComparison.AtLeast, false) => "<",
            _ => ">=",
        };
        var message = $"{rule.DisplayName} is {F3(value)} ({shownOperator} {F3(rule.Threshold)})";
        return new GateRuleResult(rule.Code, rule.Text, passed, value, null, rule.Threshold, null, null, null, message);
    }

    private GateRuleResult EvaluateComparison(GateRule rule, Report report, Report baselineReport, PairedView view)
    {
        if (view.SharedSamples == 0)
        {
            return Problem(GateCodes.NoSharedSamples, rule, $"{rule.DisplayName}: the baseline report shares no samples with this run (check data.spec, limit and seed)");
        }

        // Both sides are re-scored from their bits with one normaliser (the candidate's, else the
        // baseline report's), so CE-based values compare like with like even when the two reports
        // were written with different baselines.
        var normaliser = report.Baseline ?? baselineReport.Baseline;
        var candidateMetrics = MetricsCalculator.Compute(view.Candidate, normaliser);
        var baselineMetrics = MetricsCalculator.Compute(view.Baseline, normaliser);
        var observed = Value(rule, candidateMetrics);
        var before = Value(rule, baselineMetrics);
        if (observed is null)
        {
            return Problem(Value(rule, report.Metrics) is null ? GateCodes.MetricUnavailable : GateCodes.NotComparable, rule,
                $"{rule.DisplayName} is not available on the settings both reports share: {WhyUnavailable(rule, report)}");
        }

        if (before is null)
        {
            return Problem(GateCodes.BaselineUnavailable, rule, $"{rule.DisplayName} is not available in the baseline report");
        }

        if (rule.Metric is GateMetric.Mce or GateMetric.RelativeMce
            && !candidateMetrics.MceCorruptions.SequenceEqual(baselineMetrics.MceCorruptions, StringComparer.Ordinal))
        {
            return Problem(GateCodes.NotComparable, rule, $"{rule.DisplayName}: candidate and baseline cover different corruptions");
        }

        var test = rule.Metric == GateMetric.RobustAccuracy
            ? RobustAccuracyTest(rule, view)
            : PairedSignTest.Test(Differences(rule, view, candidateMetrics, normaliser));
        var delta = observed.Value - before.Value;
        var regression = rule.Comparison == GateComparison.IncreaseAtMost ? delta : -delta;
        var exceeds = regression > rule.Threshold;
        var significant = test.PValue < Significance;
        var passed = !(exceeds && significant);

        var verb = delta > 0 ? "rose from" : delta < 0 ? "fell from" : "unchanged at";
        var values = delta == 0 ? F3(observed.Value) : $"{F3(before.Value)} to {F3(observed.Value)}";
        var comparison = rule.Comparison == GateComparison.IncreaseAtMost
            ? $"{Signed(delta)} {(exceeds ? ">" : "<=")} {F3(rule.Threshold)}"
            : $"{Signed(delta)} {(exceeds ? "<" : ">=")} -{F3(rule.Threshold)}";
        var suffix = exceeds && !significant ? $", not significant at {Significance.ToString("0.###", CultureInfo.InvariantCulture)}" : string.Empty;
        var message = $"{rule.DisplayName} {verb} {values} ({comparison}, {FormatP(test.PValue)}{suffix})";
        return new GateRuleResult(rule.Code, rule.Text, passed, observed, before, rule.Threshold, delta, test.PValue, significant, message);
    }

    /// <summary>
    /// Per-sample weighted error difference (candidate minus baseline) whose mean is proportional to
    /// the metric's difference: weight 1/n per setting for the mean corruption error,
    /// 1/(K·B_c) for mCE, 1/B_c for CE[c], and for relative mCE 1/(K·D_c) per corruption setting
    /// with the matching negative weight on the clean setting.
    /// </summary>
    private static double[] Differences(GateRule rule, PairedView view, RobustnessMetrics metrics, BaselineTable? normaliser)
    {
        var weights = new double[view.Candidate.Count];
        var corruptionSettings = Enumerable.Range(0, weights.Length).Where(k => view.Candidate[k].Kind == SuiteKind.Corruption).ToList();
        var cleanIndex = Enumerable.Range(0, weights.Length).FirstOrDefault(k => view.Candidate[k].Kind == SuiteKind.Clean, -1);
        switch (rule.Metric)
        {
            case GateMetric.CleanError:
                weights[cleanIndex] = 1.0;
                break;
            case GateMetric.MeanCorruptionError:
                foreach (var k in corruptionSettings)
                {
                    weights[k] = 1.0 / corruptionSettings.Count;
                }

                break;
            case GateMetric.CorruptionCe:
                var score = metrics.Corruptions.First(c => c.Name == rule.Argument);
                foreach (var k in corruptionSettings.Where(k => view.Candidate[k].Name == rule.Argument))
                {
                    weights[k] = 1.0 / score.BaselineErrorSum!.Value;
                }

                break;
            default:
                var count = metrics.MceCorruptions.Count;
                foreach (var c in metrics.Corruptions.Where(c => metrics.MceCorruptions.Contains(c.Name)))
                {
                    var denominator = rule.Metric == GateMetric.Mce
                        ? c.BaselineErrorSum!.Value
                        : c.BaselineErrorSum!.Value - c.Severities.Count * normaliser!.CleanError!.Value;
                    foreach (var k in corruptionSettings.Where(k => view.Candidate[k].Name == c.Name))
                    {
                        weights[k] = 1.0 / (count * denominator);
                        if (rule.Metric == GateMetric.RelativeMce)
                        {
                            weights[cleanIndex] -= 1.0 / (count * denominator);
                        }
                    }
                }

                break;
        }

        var differences = new double[view.SharedSamples];
        for (var k = 0; k < weights.Length; k++)
        {
            if (weights[k] == 0)
            {
                continue;
            }

            var candidate = view.Candidate[k].Correct;
            var baseline = view.Baseline[k].Correct;
            for (var i = 0; i < differences.Length; i++)
            {
                var wrongDifference = (candidate[i] ? 0 : 1) - (baseline[i] ? 0 : 1);
                differences[i] += weights[k] * wrongDifference;
            }
        }

        return differences;
    }

    /// <summary>McNemar on per-sample worst-case correctness (clean and every attack of the set).</summary>
    private static PairedTestResult RobustAccuracyTest(GateRule rule, PairedView view)
    {
        var members = Enumerable.Range(0, view.Candidate.Count)
            .Where(k => view.Candidate[k].Kind == SuiteKind.Clean
                || (view.Candidate[k].Kind == SuiteKind.Attack && (rule.Argument == "all" || view.Candidate[k].Name == rule.Argument || view.Candidate[k].Group == rule.Argument)))
            .ToList();
        var worse = 0;
        var better = 0;
        for (var i = 0; i < view.SharedSamples; i++)
        {
            bool candidateOk = true, baselineOk = true;
            foreach (var k in members)
            {
                candidateOk &= view.Candidate[k].Correct[i];
                baselineOk &= view.Baseline[k].Correct[i];
            }

            if (baselineOk && !candidateOk)
            {
                worse++;
            }
            else if (candidateOk && !baselineOk)
            {
                better++;
            }
        }

        return McNemarTest.FromCounts(worse, better);
    }

    private static double? Value(GateRule rule, RobustnessMetrics metrics) => rule.Metric switch
    {
        GateMetric.Mce => metrics.Mce,
        GateMetric.RelativeMce => metrics.RelativeMce,
        GateMetric.MeanCorruptionError => metrics.MeanCorruptionError,
        GateMetric.CleanError => metrics.CleanError,
        GateMetric.CorruptionCe => metrics.Corruptions.FirstOrDefault(c => c.Name == rule.Argument)?.Ce,
        _ => metrics.RobustAccuracies.FirstOrDefault(r => r.Name == rule.Argument)?.Accuracy,
    };

    private static string WhyUnavailable(GateRule rule, Report report) => rule.Metric switch
    {
        GateMetric.Mce or GateMetric.RelativeMce when report.Baseline is null => "the report has no CE normaliser (configure a baseline)",
        GateMetric.Mce => "no benchmark corruption with a baseline error was evaluated",
        GateMetric.RelativeMce => "it needs a clean setting and a baseline clean error",
        GateMetric.MeanCorruptionError => "no corruption was evaluated",
        GateMetric.CleanError => "no clean setting was evaluated",
        GateMetric.CorruptionCe when report.Metrics.Corruptions.All(c => c.Name != rule.Argument) => $"corruption \"{rule.Argument}\" was not evaluated",
        GateMetric.CorruptionCe => $"the baseline has no error for \"{rule.Argument}\" at the evaluated severities",
        _ => $"no attack set \"{rule.Argument}\" was evaluated (available: {string.Join(", ", report.Metrics.RobustAccuracies.Select(r => r.Name).DefaultIfEmpty("none"))})",
    };

    private static GateRuleResult Problem(string code, GateRule rule, string message) =>
        new(code, rule.Text, false, null, null, rule.Threshold, null, null, null, message);

    private static string Short(string hash) => hash.Length > 12 ? hash[..12] : hash;

    private static string F3(double value) => value.ToString("0.000", CultureInfo.InvariantCulture);

    private static string Signed(double value) => value.ToString("+0.000;-0.000;+0.000", CultureInfo.InvariantCulture);

    private static string FormatP(double p) => p < 0.001 ? "p<0.001" : $"p={p.ToString("0.000", CultureInfo.InvariantCulture)}";
}
