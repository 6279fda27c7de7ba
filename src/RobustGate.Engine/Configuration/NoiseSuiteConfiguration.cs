namespace RobustGate.Engine.Configuration;

/// <summary>One entry of <c>suites.noise</c>: a noise family (e.g. gaussian, speckle) at the given levels.</summary>
public sealed record NoiseSuiteConfiguration(string Family, IReadOnlyList<double> Levels);
