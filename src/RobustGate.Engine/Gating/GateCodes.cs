namespace RobustGate.Engine.Gating;

/// <summary>
/// RG codes of gate results. They appear in reports, JUnit test names and as MSBuild error codes,
/// so they are stable: never renumber, only add.
/// <list type="table">
/// <item><term>RG1001</term><description>mCE (absolute limit or increase vs baseline)</description></item>
/// <item><term>RG1002</term><description>mean corruption error</description></item>
/// <item><term>RG1003</term><description>clean error</description></item>
/// <item><term>RG1004</term><description>per-corruption CE, <c>ce[name]</c></description></item>
/// <item><term>RG1005</term><description>robust accuracy, <c>robust_accuracy[name]</c></description></item>
/// <item><term>RG1006</term><description>relative mCE</description></item>
/// <item><term>RG2001</term><description>the baseline report shares no samples with the candidate</description></item>
/// <item><term>RG2002</term><description>the metric a rule names is not available in the candidate (e.g. mCE without a normaliser, an unevaluated corruption)</description></item>
/// <item><term>RG2003</term><description>a comparison rule without a baseline report, or the baseline lacks the metric</description></item>
/// <item><term>RG2004</term><description>candidate and baseline are not comparable (different data content, or the metric's settings are not all shared)</description></item>
/// </list>
/// </summary>
public static class GateCodes
{
    public const string Mce = "RG1001";
    public const string MeanCorruptionError = "RG1002";
    public const string CleanError = "RG1003";
    public const string CorruptionCe = "RG1004";
    public const string RobustAccuracy = "RG1005";
    public const string RelativeMce = "RG1006";
    public const string NoSharedSamples = "RG2001";
    public const string MetricUnavailable = "RG2002";
    public const string BaselineUnavailable = "RG2003";
    public const string NotComparable = "RG2004";
}
