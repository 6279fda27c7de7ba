namespace RobustGate.Engine.Metrics;

/// <summary>
/// Every aggregate a report carries. All errors and accuracies are fractions in [0, 1]; values a
/// run cannot define (no clean setting, no baseline) are null.
/// </summary>
/// <param name="MeanCorruptionError">Plain mean of top-1 error over every corruption setting (corruptions x severities).</param>
/// <param name="Mce">Mean CE over the benchmark corruptions evaluated (see <paramref name="MceCorruptions"/>).</param>
/// <param name="MceComplete">Whether all 15 benchmark corruptions entered mCE; otherwise mCE is over a subset and only comparable with runs on the same subset.</param>
public sealed record RobustnessMetrics(
    double? CleanError,
    double? MeanCorruptionError,
    double? Mce,
    double? RelativeMce,
    IReadOnlyList<string> MceCorruptions,
    bool MceComplete,
    IReadOnlyList<CorruptionScore> Corruptions,
    IReadOnlyList<GroupError> Groups,
    IReadOnlyList<RobustAccuracy> RobustAccuracies);
