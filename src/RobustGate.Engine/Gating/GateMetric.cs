namespace RobustGate.Engine.Gating;

/// <summary>The quantity a gate rule constrains.</summary>
public enum GateMetric
{
    /// <summary><c>mce</c>: mean CE over the benchmark corruptions (lower is better).</summary>
    Mce,

    /// <summary><c>relative_mce</c> (lower is better).</summary>
    RelativeMce,

    /// <summary><c>mean_corruption_error</c>: plain mean error over corruption settings (lower is better).</summary>
    MeanCorruptionError,

    /// <summary><c>clean_error</c> (lower is better).</summary>
    CleanError,

    /// <summary><c>ce[name]</c>: one corruption's CE (lower is better).</summary>
    CorruptionCe,

    /// <summary><c>robust_accuracy[name]</c>: worst-case accuracy over an attack set (higher is better).</summary>
    RobustAccuracy,
}
