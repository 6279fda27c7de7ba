namespace RobustGate.Engine.Reporting;

/// <summary>The evaluated model as a report records it.</summary>
/// <param name="Weights">Weights file name (not a path, so reports do not depend on where a runner checked out).</param>
/// <param name="WeightsSha256">Lower-case hex SHA-256 of the weights file; shards must agree on it.</param>
/// <param name="InputSize">Input tensor size, e.g. [3, 224, 224].</param>
public sealed record ModelInfo(
    string Arch,
    string? Weights,
    string? WeightsSha256,
    int Classes,
    IReadOnlyList<double> Mean,
    IReadOnlyList<double> Std,
    IReadOnlyList<int> InputSize);
