namespace RobustGate.Engine.Cuda;

/// <summary>
/// The backend's own kernels: <c>CudaKernels.cu</c>, embedded in the assembly, compiled by NVRTC
/// to PTX for the device's compute capability on first use, loaded with the driver, and looked
/// up by name.
/// </summary>
internal sealed class CudaKernelModule
{
    public const string ResourceName = "RobustGate.Engine.Cuda.CudaKernels.cu";

    /// <summary>Every kernel the backend launches (a test checks the source defines each).</summary>
    public static readonly string[] KernelNames =
    [
        "bn_statistics", "bn_training_forward", "bn_affine", "bn_training_backward", "bias_add", "bias_grad",
        "max_pool_forward", "max_pool_backward", "avg_pool_forward", "avg_pool_backward",
        "adaptive_avg_forward", "adaptive_avg_backward",
    ];

    private readonly Dictionary<string, nint> functions;

    public CudaKernelModule(CudaDriverApi driver, NvrtcApi nvrtc, int computeMajor, int computeMinor)
    {
        var options = new[] { $"--gpu-architecture=compute_{computeMajor}{computeMinor}", "--std=c++17", "--fmad=true", "-default-device" };
        var ptx = nvrtc.CompileToPtx(Source(), "CudaKernels.cu", options);
        var module = driver.LoadModule(ptx);
        functions = KernelNames.ToDictionary(name => name, name => driver.Function(module, name), StringComparer.Ordinal);
    }

    public nint this[string name] => functions[name];

    public static string Source()
    {
        using var stream = typeof(CudaKernelModule).Assembly.GetManifestResourceStream(ResourceName)
            ?? throw new InvalidOperationException($"The embedded resource {ResourceName} is missing from {typeof(CudaKernelModule).Assembly.GetName().Name}.");
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    }
}
