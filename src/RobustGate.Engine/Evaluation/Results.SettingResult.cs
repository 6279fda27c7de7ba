namespace RobustGate.Engine.Evaluation;

/// <summary>
/// The outcome of one evaluation setting (clean, one corruption at one severity, one noise level,
/// one attack at one parameter) on the run's samples, in the run's sample order.
/// </summary>
/// <param name="Kind">Which suite produced the setting.</param>
/// <param name="Name">Corruption, noise family or attack name, e.g. <c>gaussian_noise</c>, <c>pgd-linf</c>.</param>
/// <param name="Group">Group for aggregation: noise/blur/weather/digital/extra for corruptions, the suite name for noise and attacks, <c>clean</c> for clean.</param>
/// <param name="Severity">ImageNet-C severity 1..5 for corruptions, otherwise null.</param>
/// <param name="Parameter">Noise level or attack eps, otherwise null.</param>
/// <param name="Correct">Per-sample correctness in sample order.</param>
public sealed record SettingResult(
    SuiteKind Kind,
    string Name,
    string Group,
    int? Severity,
    double? Parameter,
    CorrectnessBits Correct)
{
    public int Total => Correct.Count;

    public int CorrectCount => Correct.CorrectCount;

    public int Errors => Correct.WrongCount;

    /// <summary>Top-1 error as a fraction in [0, 1]; 0 for an empty setting.</summary>
    public double Error => Total == 0 ? 0.0 : (double)Errors / Total;

    /// <summary>Identity of the setting within a run: kind, name, severity and parameter.</summary>
    public string Key => $"{Kind.ToString().ToLowerInvariant()}:{Name}:{Severity?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "-"}:{Parameter?.ToString("R", System.Globalization.CultureInfo.InvariantCulture) ?? "-"}";
}
