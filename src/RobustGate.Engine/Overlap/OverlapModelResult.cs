namespace RobustGate.Engine.Overlap;

/// <summary>
/// One model of an overlap experiment after evaluation. <see cref="TrainedOn"/> is null for m_0
/// (standard training). Lists are in the experiment's corruption order; a corruption's accuracy is
/// the mean of its per-severity accuracies (severities 1..5, as <c>check</c> averages them).
/// </summary>
public sealed record OverlapModelResult(
    string Name,
    string? TrainedOn,
    double CleanAccuracy,
    IReadOnlyList<double> Accuracies,
    IReadOnlyList<IReadOnlyList<double>> SeverityAccuracies,
    IReadOnlyList<double> Robustness,
    double FinalTrainLoss,
    double TrainSeconds,
    double EvaluationSeconds);
