namespace RobustGate.Engine.Metrics;

/// <summary>Per-corruption result: mean error over the evaluated severities, CE and relative CE.</summary>
/// <param name="BaselineErrorSum">Denominator of CE (sum of baseline errors over the same severities); null without a baseline value.</param>
public sealed record CorruptionScore(
    string Name,
    string Group,
    IReadOnlyList<int> Severities,
    double MeanError,
    double? BaselineErrorSum,
    double? Ce,
    double? RelativeCe);
