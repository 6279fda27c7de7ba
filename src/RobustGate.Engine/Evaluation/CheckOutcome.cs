using RobustGate.Engine.Reporting;

namespace RobustGate.Engine.Evaluation;

/// <summary>
/// A finished check: the gated report, the baseline report it was compared with (if any), and
/// warnings a user should see but that do not decide the verdict (e.g. signs of gradient masking).
/// </summary>
public sealed record CheckOutcome(Report Report, Report? BaselineReport, IReadOnlyList<string> Warnings);
