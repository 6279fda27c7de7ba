namespace RobustGate.Engine.Reporting;

/// <summary>The headline numbers every consumer reads first: fractions in [0, 1] and the verdict.</summary>
public sealed record ReportSummary(double? CleanError, double? MeanCorruptionError, double? Mce, string Verdict);
