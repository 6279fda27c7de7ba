namespace RobustGate.Engine.Configuration;

/// <summary>
/// <c>suites</c>. Without a <c>suites</c> key the benchmark corruptions at severities 1..5 run; with
/// one, only the suites it names run (corruptions null when the key is absent).
/// </summary>
public sealed record SuitesConfiguration(
    CorruptionSuiteConfiguration? Corruptions,
    IReadOnlyList<NoiseSuiteConfiguration> Noise,
    IReadOnlyList<AttackSuiteConfiguration> Attacks)
{
    public static SuitesConfiguration Default { get; } = new(CorruptionSuiteConfiguration.Default, [], []);
}
