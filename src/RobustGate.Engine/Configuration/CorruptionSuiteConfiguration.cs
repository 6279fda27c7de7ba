namespace RobustGate.Engine.Configuration;

/// <summary>
/// <c>suites.corruptions</c>. <see cref="Selection"/> is "benchmark" (the 15, default), "all"
/// (15 + 4 extra), "extra", "noc", "none", or null when <see cref="Names"/> lists corruptions explicitly.
/// Severities default to 1..5; profile is passed to the corruption engine (null = its default);
/// frost_dir is an absolute folder path or null for the built-in frost textures.
/// </summary>
public sealed record CorruptionSuiteConfiguration(
    string? Selection,
    IReadOnlyList<string> Names,
    IReadOnlyList<int> Severities,
    string? Profile,
    string? FrostDir)
{
    public static CorruptionSuiteConfiguration Default { get; } = new("benchmark", [], [1, 2, 3, 4, 5], null, null);
}
