using System.Globalization;

namespace RobustGate.Engine.Gating;

/// <summary>
/// One gate rule. The text grammar (<see cref="GateRuleParser"/>):
/// <c>metric op number</c> with op one of &lt;= &lt; &gt;= &gt;, or
/// <c>metric (increase|decrease) [vs baseline] &lt;= number</c>, where metric is
/// <c>mce</c>, <c>relative_mce</c>, <c>mean_corruption_error</c>, <c>clean_error</c>,
/// <c>ce[corruption]</c> or <c>robust_accuracy[attack]</c> (<c>robust_accuracy</c> alone means
/// <c>robust_accuracy[all]</c>). Numbers are fractions: 0.01 is one percentage point.
/// </summary>
/// <param name="Argument">The bracketed name for <c>ce[...]</c> and <c>robust_accuracy[...]</c>, else null.</param>
public sealed record GateRule(GateMetric Metric, string? Argument, GateComparison Comparison, double Threshold)
{
    public bool IsComparison => Comparison is GateComparison.IncreaseAtMost or GateComparison.DecreaseAtMost;

    /// <summary>The RG code results of this rule carry.</summary>
    public string Code => Metric switch
    {
        GateMetric.Mce => GateCodes.Mce,
        GateMetric.MeanCorruptionError => GateCodes.MeanCorruptionError,
        GateMetric.CleanError => GateCodes.CleanError,
        GateMetric.CorruptionCe => GateCodes.CorruptionCe,
        GateMetric.RobustAccuracy => GateCodes.RobustAccuracy,
        _ => GateCodes.RelativeMce,
    };

    /// <summary>The metric as written in rules, e.g. <c>ce[fog]</c>.</summary>
    public string MetricText => Metric switch
    {
        GateMetric.Mce => "mce",
        GateMetric.RelativeMce => "relative_mce",
        GateMetric.MeanCorruptionError => "mean_corruption_error",
        GateMetric.CleanError => "clean_error",
        GateMetric.CorruptionCe => $"ce[{Argument}]",
        _ => $"robust_accuracy[{Argument}]",
    };

    /// <summary>The metric as messages name it, e.g. <c>mCE</c>, <c>CE[fog]</c>.</summary>
    public string DisplayName => Metric switch
    {
        GateMetric.Mce => "mCE",
        GateMetric.RelativeMce => "relative mCE",
        GateMetric.MeanCorruptionError => "mean corruption error",
        GateMetric.CleanError => "clean error",
        GateMetric.CorruptionCe => $"CE[{Argument}]",
        _ => $"robust accuracy[{Argument}]",
    };

    /// <summary>Canonical text, e.g. <c>mce increase vs baseline &lt;= 0.010</c>; parses back to an equal rule.</summary>
    public string Text => Comparison switch
    {
        GateComparison.AtMost => $"{MetricText} <= {FormatNumber(Threshold)}",
        GateComparison.Below => $"{MetricText} < {FormatNumber(Threshold)}",
        GateComparison.AtLeast => $"{MetricText} >= {FormatNumber(Threshold)}",
        GateComparison.Above => $"{MetricText} > {FormatNumber(Threshold)}",
        GateComparison.IncreaseAtMost => $"{MetricText} increase vs baseline <= {FormatNumber(Threshold)}",
        _ => $"{MetricText} decrease vs baseline <= {FormatNumber(Threshold)}",
    };

    public static GateRule Parse(string text, string? file = null, string? location = null) =>
        GateRuleParser.Parse(text, file, location);

    public override string ToString() => Text;

    /// <summary>At least three decimals, more when the number needs them, so the text round-trips.</summary>
    internal static string FormatNumber(double value) => value.ToString("0.000##############", CultureInfo.InvariantCulture);
}
