namespace RobustGate.Engine;

/// <summary>
/// The process exit codes every front end (CLI, MSBuild task, workflow) agrees on.
/// The pass/fail decision lives in the engine; front ends only map it to these numbers.
/// </summary>
public static class ExitCodes
{
    public const int Pass = 0;
    public const int Regression = 1;
    public const int UsageOrConfiguration = 2;
    public const int BadInput = 3;

    /// <summary>A device was asked for (<c>--device cuda</c>) that this machine cannot provide.</summary>
    public const int DeviceUnavailable = 4;
}
