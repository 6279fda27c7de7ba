namespace RobustGate.Engine.Configuration;

/// <summary><c>baseline</c>: "alexnet", a report path (absolute after loading) or a baseline model.</summary>
public sealed record BaselineConfiguration(BaselineSourceKind Kind, string? ReportPath, ModelConfiguration? Model);
