namespace RobustGate.Engine.Cuda;

/// <summary>
/// A CUDA library by its display name and the file names to try, newest first: Linux sonames and
/// Windows DLL names (which carry the major version differently: <c>libcublas.so.13</c> is
/// <c>cublas64_13.dll</c>, <c>libnvrtc.so.13</c> is <c>nvrtc64_130_0.dll</c>).
/// </summary>
public sealed record CudaLibrarySpec(string Name, IReadOnlyList<string> LinuxFileNames, IReadOnlyList<string> WindowsFileNames)
{
    public IReadOnlyList<string> FileNames(CudaPlatform platform) => platform == CudaPlatform.Windows ? WindowsFileNames : LinuxFileNames;
}
