namespace RobustGate.Engine.Gating;

/// <summary>The gate's decision: pass only when every rule passed.</summary>
/// <param name="Significance">The level a paired regression's p-value must fall below to count.</param>
public sealed record GateVerdict(double Significance, IReadOnlyList<GateRuleResult> Rules)
{
    public bool Passed => Rules.All(r => r.Passed);

    /// <summary>"pass" or "fail", as written in reports.</summary>
    public string Verdict => Passed ? "pass" : "fail";

    /// <summary>Whether a failure is due to configuration (RG2xxx), which front ends map to exit code 2.</summary>
    public bool HasConfigurationProblems => Rules.Any(r => !r.Passed && r.IsConfigurationProblem);

    /// <summary>The exit code front ends use: 0 pass, 2 configuration problem, 1 regression.</summary>
    public int ExitCode => Passed ? ExitCodes.Pass : HasConfigurationProblems ? ExitCodes.UsageOrConfiguration : ExitCodes.Regression;

    /// <summary>The verdict of a run without any rule.</summary>
    public static GateVerdict Empty(double significance) => new(significance, []);
}
