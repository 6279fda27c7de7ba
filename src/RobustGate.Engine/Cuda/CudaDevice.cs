namespace RobustGate.Engine.Cuda;

/// <summary>
/// One CUDA device made ready for the engine: the driver's primary context (which cuBLAS and
/// cuDNN share), a cuBLAS and a cuDNN handle, the caching allocator and the NVRTC-compiled
/// kernels. Opened once per ordinal and kept for the life of the process.
/// </summary>
public sealed class CudaDevice
{
    private static readonly Dictionary<int, CudaDevice> Opened = [];
    private static readonly Lock OpenGate = new();

    private CudaDevice(int ordinal, CudaOptions options)
    {
        Ordinal = ordinal;
        Options = options;
        Driver = new CudaDriverApi(CudaLibraryProbe.Load(CudaLibraryProbe.Driver));
        Driver.Init();
        var count = Driver.DeviceCount();
        if (ordinal >= count)
        {
            throw new CudaUnavailableException(count == 0
                ? "The CUDA driver loaded but reports no device."
                : $"cuda:{ordinal} was asked for; this machine has {count} CUDA device(s), cuda:0 to cuda:{count - 1}.");
        }

        Handle = Driver.Device(ordinal);
        Name = Driver.DeviceName(Handle);
        TotalMemoryBytes = Driver.DeviceMemory(Handle);
        ComputeCapability = (Driver.Attribute(Handle, CudaDriverApi.DeviceAttributeComputeCapabilityMajor), Driver.Attribute(Handle, CudaDriverApi.DeviceAttributeComputeCapabilityMinor));
        Multiprocessors = Driver.Attribute(Handle, CudaDriverApi.DeviceAttributeMultiprocessorCount);
        DriverVersion = Driver.DriverVersion();
        Context = Driver.RetainPrimaryContext(Handle);
        Driver.SetCurrent(Context);

        Nvrtc = new NvrtcApi(CudaLibraryProbe.Load(CudaLibraryProbe.Nvrtc));
        Cublas = new CublasApi(CudaLibraryProbe.Load(CudaLibraryProbe.Cublas));
        Cudnn = new CudnnApi(CudaLibraryProbe.Load(CudaLibraryProbe.Cudnn));
        CublasHandle = Cublas.Create();
        Cublas.SetMathMode(CublasHandle, options.AllowTf32 ? CublasApi.Tf32TensorOpMath : CublasApi.DefaultMath);
        CudnnHandle = Cudnn.Create();
        Memory = new DeviceMemoryPool(Driver);
        Kernels = new CudaKernelModule(Driver, Nvrtc, ComputeCapability.Major, ComputeCapability.Minor);
    }

    public int Ordinal { get; }

    public CudaOptions Options { get; }

    public string Name { get; }

    public long TotalMemoryBytes { get; }

    public (int Major, int Minor) ComputeCapability { get; }

    public int Multiprocessors { get; }

    /// <summary>The driver's CUDA version as 1000 * major + 10 * minor (13000 = 13.0).</summary>
    public int DriverVersion { get; }

    /// <summary>Where each library was loaded from, for diagnostics.</summary>
    public IReadOnlyList<(string Library, string Path)> Libraries
        => [(Driver.Library.Spec.Name, Driver.Library.Path), (Nvrtc.Library.Spec.Name, Nvrtc.Library.Path), (Cublas.Library.Spec.Name, Cublas.Library.Path), (Cudnn.Library.Spec.Name, Cudnn.Library.Path)];

    /// <summary>cuDNN's version number (e.g. 91400 for 9.14.0).</summary>
    public long CudnnVersion => Cudnn.Version();

    internal CudaDriverApi Driver { get; }

    internal NvrtcApi Nvrtc { get; }

    internal CublasApi Cublas { get; }

    internal CudnnApi Cudnn { get; }

    internal int Handle { get; }

    internal nint Context { get; }

    internal nint CublasHandle { get; }

    internal nint CudnnHandle { get; }

    internal DeviceMemoryPool Memory { get; }

    internal CudaKernelModule Kernels { get; }

    /// <summary>The device's kernel seam (one per device, so its convolution plans are kept).</summary>
    internal CudaBackend Backend => field ??= new CudaBackend(this);

    /// <summary>
    /// Opens cuda:<paramref name="ordinal"/> (once per process; later calls return the same device,
    /// and must ask for the same options). Any failure is a <see cref="CudaUnavailableException"/>.
    /// </summary>
    public static CudaDevice Open(int ordinal = 0, CudaOptions? options = null)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(ordinal);
        options ??= CudaOptions.FromEnvironment();
        lock (OpenGate)
        {
            if (Opened.TryGetValue(ordinal, out var device))
            {
                if (device.Options != options)
                {
                    throw new InvalidOperationException($"cuda:{ordinal} is already open with {device.Options}; it cannot be reopened with {options}.");
                }

                return device;
            }

            try
            {
                device = new CudaDevice(ordinal, options);
            }
            catch (CudaException e)
            {
                throw new CudaUnavailableException($"cuda:{ordinal} could not be opened: {e.Message}", e);
            }

            Opened[ordinal] = device;
            return device;
        }
    }

    /// <summary>Whether a CUDA device can be opened here; <paramref name="reason"/> says why not.</summary>
    public static bool TryOpen(int ordinal, out CudaDevice? device, out string? reason)
    {
        try
        {
            device = Open(ordinal);
            reason = null;
            return true;
        }
        catch (CudaUnavailableException e)
        {
            device = null;
            reason = e.Message;
            return false;
        }
    }

    public override string ToString()
        => $"cuda:{Ordinal} {Name} (compute {ComputeCapability.Major}.{ComputeCapability.Minor}, {Multiprocessors} SMs, {TotalMemoryBytes / (1L << 20)} MiB, driver CUDA {DriverVersion / 1000}.{DriverVersion % 1000 / 10}, cuDNN {CudnnVersion}, TF32 {(Options.AllowTf32 ? "on" : "off")})";
}
