using System.Runtime.InteropServices;

namespace RobustGate.Engine.Cuda;

/// <summary>The operating systems whose CUDA library names and install folders the probe knows.</summary>
public enum CudaPlatform
{
    Linux,
    Windows,
}

/// <summary>The platform this process runs on, or null where the CUDA backend is not offered.</summary>
public static class CudaPlatforms
{
    public static CudaPlatform? Current => RuntimeInformation.ProcessArchitecture != Architecture.X64 && RuntimeInformation.ProcessArchitecture != Architecture.Arm64
        ? null
        : OperatingSystem.IsLinux() ? CudaPlatform.Linux : OperatingSystem.IsWindows() ? CudaPlatform.Windows : null;
}
