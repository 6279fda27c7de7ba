namespace RobustGate.Engine.Gating;

/// <summary>How a rule compares: against a fixed limit, or as a tolerated change against a baseline report.</summary>
public enum GateComparison
{
    /// <summary><c>metric &lt;= limit</c>.</summary>
    AtMost,

    /// <summary><c>metric &lt; limit</c>.</summary>
    Below,

    /// <summary><c>metric &gt;= limit</c>.</summary>
    AtLeast,

    /// <summary><c>metric &gt; limit</c>.</summary>
    Above,

    /// <summary><c>metric increase vs baseline &lt;= tolerance</c>, for lower-is-better metrics.</summary>
    IncreaseAtMost,

    /// <summary><c>metric decrease vs baseline &lt;= tolerance</c>, for robust accuracy.</summary>
    DecreaseAtMost,
}
