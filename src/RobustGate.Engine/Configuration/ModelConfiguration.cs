namespace RobustGate.Engine.Configuration;

/// <summary>
/// <c>model</c>: architecture name, weights file (absolute path, resolved against the config's
/// folder), number of classes, per-channel mean/std and square input side. Classes, mean, std and
/// input size are null when not given, so the model loader can fall back to the architecture's defaults.
/// </summary>
public sealed record ModelConfiguration(
    string Arch,
    string? Weights,
    int? Classes,
    IReadOnlyList<double>? Mean,
    IReadOnlyList<double>? Std,
    int? InputSize,
    PreprocessingConfiguration Preprocessing);
