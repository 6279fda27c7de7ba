namespace RobustGate.Engine.Cuda;

/// <summary>The operating systems whose CUDA library names and install folders the probe knows.</summary>
public enum CudaPlatform
{
    Linux,
    Windows,
}
