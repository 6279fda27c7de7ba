namespace RobustGate.Tasks;

/// <summary>
/// What a robustgate-report/1 file says about the gate: the summary numbers and the rules that
/// failed. Read only; the verdict was decided by the tool and is never recomputed here.
/// </summary>
internal sealed record GateOutcome(
    string Verdict,
    double? CleanError,
    double? MeanCorruptionError,
    double? Mce,
    IReadOnlyList<FailedGateRule> FailedRules);
