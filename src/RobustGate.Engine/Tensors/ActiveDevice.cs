namespace RobustGate.Engine.Tensors;

/// <summary>The device the engine runs on: the short name reports carry ('cpu', 'cuda', 'cuda+tf32'), a description, and why 'auto' chose it.</summary>
public sealed record ActiveDevice(string ReportName, string Description, string? Note);
