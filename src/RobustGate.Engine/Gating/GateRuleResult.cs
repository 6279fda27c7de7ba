namespace RobustGate.Engine.Gating;

/// <summary>
/// The outcome of one gate rule, as written into the report and shown by every front end.
/// </summary>
/// <param name="Id">RG code (see <see cref="GateCodes"/>).</param>
/// <param name="Rule">Canonical rule text, e.g. <c>mce increase vs baseline &lt;= 0.010</c>.</param>
/// <param name="Observed">The candidate's value; null when it could not be computed.</param>
/// <param name="Baseline">The baseline report's value for comparisons, else null.</param>
/// <param name="Threshold">The limit (absolute rules) or the tolerance (comparisons).</param>
/// <param name="Delta">Observed minus baseline for comparisons, else null.</param>
/// <param name="PValue">One-sided paired p-value of "the candidate is worse", for comparisons.</param>
/// <param name="Significant">Whether <paramref name="PValue"/> is below the gate's significance level, for comparisons.</param>
/// <param name="Message">One line for humans, e.g. <c>mCE rose from 0.712 to 0.745 (+0.033 &gt; 0.010, p=0.002)</c>.</param>
public sealed record GateRuleResult(
    string Id,
    string Rule,
    bool Passed,
    double? Observed,
    double? Baseline,
    double Threshold,
    double? Delta,
    double? PValue,
    bool? Significant,
    string Message)
{
    /// <summary>RG2xxx results are configuration problems rather than robustness regressions.</summary>
    public bool IsConfigurationProblem => Id.StartsWith("RG2", StringComparison.Ordinal);
}
