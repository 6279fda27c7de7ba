namespace RobustGate.Engine.Overlap;

/// <summary>
/// The result of an overlap experiment, data only: m_0 and the m_c models with their accuracies and
/// robustness scores, the full-precision overlap matrix (<see cref="OverlapScore"/>; NaN where
/// undefined) and what was run. Exporters round to <see cref="OverlapScore.Decimals"/>.
/// </summary>
public sealed record OverlapMatrix(
    OverlapSettings Settings,
    string ProfileName,
    string DataDescription,
    int TrainCount,
    int EvaluationCount,
    IReadOnlyList<string> Corruptions,
    OverlapModelResult Standard,
    IReadOnlyList<OverlapModelResult> Trained,
    IReadOnlyList<IReadOnlyList<double>> Overlap,
    double Seconds)
{
    /// <summary>R_{m_c}(c) − R_{m_0}(c) per corruption: the gain the overlap divides by.</summary>
    public IReadOnlyList<double> DiagonalGains => Corruptions.Select((_, i) => Trained[i].Robustness[i] - Standard.Robustness[i]).ToArray();

    /// <summary>
    /// Approximate standard error of each diagonal gain from the binomial spread of the two corrupted
    /// accuracies (N = evaluated images × severities each), divided by the clean accuracies. The
    /// clean accuracies' own spread and the correlation of the two models on the same images are
    /// ignored: a yardstick for telling a gain from evaluation noise, not an exact interval.
    /// </summary>
    public IReadOnlyList<double> DiagonalGainStandardErrors => Corruptions.Select((_, i) =>
    {
        var samples = (double)EvaluationCount * Settings.Severities.Count;
        double Spread(OverlapModelResult m) => Math.Sqrt(m.Accuracies[i] * (1 - m.Accuracies[i]) / samples) / m.CleanAccuracy;
        var trained = Spread(Trained[i]);
        var standard = Spread(Standard);
        return Math.Sqrt((trained * trained) + (standard * standard));
    }).ToArray();
}
