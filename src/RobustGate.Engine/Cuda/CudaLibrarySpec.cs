namespace RobustGate.Engine.Cuda;

/// <summary>A CUDA library by its display name and the sonames to try, newest first.</summary>
public sealed record CudaLibrarySpec(string Name, IReadOnlyList<string> FileNames);
