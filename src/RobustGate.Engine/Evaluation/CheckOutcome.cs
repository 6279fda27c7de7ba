using RobustGate.Engine.Reporting;

namespace RobustGate.Engine.Evaluation;

/// <summary>A finished check: the gated report, and the baseline report it was compared with, if any.</summary>
public sealed record CheckOutcome(Report Report, Report? BaselineReport);
