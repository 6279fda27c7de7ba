using System.Runtime.InteropServices;

namespace RobustGate.Engine.Cuda;

/// <summary>
/// The CUDA driver API functions the backend uses, bound at run time from libcuda. The driver API
/// (not the runtime) because it ships with every driver and loads NVRTC's PTX directly; cuBLAS
/// and cuDNN share its primary context.
/// </summary>
internal sealed unsafe class CudaDriverApi
{
    public const int DeviceAttributeComputeCapabilityMajor = 75;
    public const int DeviceAttributeComputeCapabilityMinor = 76;
    public const int DeviceAttributeMultiprocessorCount = 16;

    private readonly delegate* unmanaged<int, int> cuInit;
    private readonly delegate* unmanaged<int*, int> cuDriverGetVersion;
    private readonly delegate* unmanaged<int*, int> cuDeviceGetCount;
    private readonly delegate* unmanaged<int*, int, int> cuDeviceGet;
    private readonly delegate* unmanaged<byte*, int, int, int> cuDeviceGetName;
    private readonly delegate* unmanaged<nuint*, int, int> cuDeviceTotalMem;
    private readonly delegate* unmanaged<int*, int, int, int> cuDeviceGetAttribute;
    private readonly delegate* unmanaged<nint*, int, int> cuDevicePrimaryCtxRetain;
    private readonly delegate* unmanaged<nint, int> cuCtxSetCurrent;
    private readonly delegate* unmanaged<int> cuCtxSynchronize;
    private readonly delegate* unmanaged<ulong*, nuint, int> cuMemAlloc;
    private readonly delegate* unmanaged<ulong, int> cuMemFree;
    private readonly delegate* unmanaged<ulong, void*, nuint, int> cuMemcpyHtoD;
    private readonly delegate* unmanaged<void*, ulong, nuint, int> cuMemcpyDtoH;
    private readonly delegate* unmanaged<ulong, byte, nuint, int> cuMemsetD8;
    private readonly delegate* unmanaged<nint*, void*, int> cuModuleLoadData;
    private readonly delegate* unmanaged<nint*, nint, byte*, int> cuModuleGetFunction;
    private readonly delegate* unmanaged<nint, uint, uint, uint, uint, uint, uint, uint, nint, void**, void**, int> cuLaunchKernel;
    private readonly delegate* unmanaged<int, byte**, int> cuGetErrorString;

    public CudaDriverApi(LoadedLibrary library)
    {
        Library = library;
        cuInit = (delegate* unmanaged<int, int>)library.Export("cuInit");
        cuDriverGetVersion = (delegate* unmanaged<int*, int>)library.Export("cuDriverGetVersion");
        cuDeviceGetCount = (delegate* unmanaged<int*, int>)library.Export("cuDeviceGetCount");
        cuDeviceGet = (delegate* unmanaged<int*, int, int>)library.Export("cuDeviceGet");
        cuDeviceGetName = (delegate* unmanaged<byte*, int, int, int>)library.Export("cuDeviceGetName");
        cuDeviceTotalMem = (delegate* unmanaged<nuint*, int, int>)library.Export("cuDeviceTotalMem_v2");
        cuDeviceGetAttribute = (delegate* unmanaged<int*, int, int, int>)library.Export("cuDeviceGetAttribute");
        cuDevicePrimaryCtxRetain = (delegate* unmanaged<nint*, int, int>)library.Export("cuDevicePrimaryCtxRetain");
        cuCtxSetCurrent = (delegate* unmanaged<nint, int>)library.Export("cuCtxSetCurrent");
        cuCtxSynchronize = (delegate* unmanaged<int>)library.Export("cuCtxSynchronize");
        cuMemAlloc = (delegate* unmanaged<ulong*, nuint, int>)library.Export("cuMemAlloc_v2");
        cuMemFree = (delegate* unmanaged<ulong, int>)library.Export("cuMemFree_v2");
        cuMemcpyHtoD = (delegate* unmanaged<ulong, void*, nuint, int>)library.Export("cuMemcpyHtoD_v2");
        cuMemcpyDtoH = (delegate* unmanaged<void*, ulong, nuint, int>)library.Export("cuMemcpyDtoH_v2");
        cuMemsetD8 = (delegate* unmanaged<ulong, byte, nuint, int>)library.Export("cuMemsetD8_v2");
        cuModuleLoadData = (delegate* unmanaged<nint*, void*, int>)library.Export("cuModuleLoadData");
        cuModuleGetFunction = (delegate* unmanaged<nint*, nint, byte*, int>)library.Export("cuModuleGetFunction");
        cuLaunchKernel = (delegate* unmanaged<nint, uint, uint, uint, uint, uint, uint, uint, nint, void**, void**, int>)library.Export("cuLaunchKernel");
        cuGetErrorString = (delegate* unmanaged<int, byte**, int>)library.Export("cuGetErrorString");
    }

    public LoadedLibrary Library { get; }

    public void Init() => Check(cuInit(0), "cuInit");

    public int DriverVersion()
    {
        int v;
        Check(cuDriverGetVersion(&v), "cuDriverGetVersion");
        return v;
    }

    public int DeviceCount()
    {
        int n;
        Check(cuDeviceGetCount(&n), "cuDeviceGetCount");
        return n;
    }

    public int Device(int ordinal)
    {
        int d;
        Check(cuDeviceGet(&d, ordinal), "cuDeviceGet");
        return d;
    }

    public string DeviceName(int device)
    {
        var buffer = stackalloc byte[256];
        Check(cuDeviceGetName(buffer, 256, device), "cuDeviceGetName");
        return Marshal.PtrToStringUTF8((nint)buffer) ?? string.Empty;
    }

    public long DeviceMemory(int device)
    {
        nuint bytes;
        Check(cuDeviceTotalMem(&bytes, device), "cuDeviceTotalMem");
        return (long)bytes;
    }

    public int Attribute(int device, int attribute)
    {
        int value;
        Check(cuDeviceGetAttribute(&value, attribute, device), "cuDeviceGetAttribute");
        return value;
    }

    public nint RetainPrimaryContext(int device)
    {
        nint context;
        Check(cuDevicePrimaryCtxRetain(&context, device), "cuDevicePrimaryCtxRetain");
        return context;
    }

    public void SetCurrent(nint context) => Check(cuCtxSetCurrent(context), "cuCtxSetCurrent");

    public void Synchronize() => Check(cuCtxSynchronize(), "cuCtxSynchronize");

    /// <summary>Allocates; returns 0 when the device is out of memory so the caller can free its cache and retry.</summary>
    public ulong TryAllocate(long bytes)
    {
        ulong pointer;
        var status = cuMemAlloc(&pointer, (nuint)bytes);
        if (status == 2)
        {
            return 0;
        }

        Check(status, "cuMemAlloc");
        return pointer;
    }

    public void Free(ulong pointer) => Check(cuMemFree(pointer), "cuMemFree");

    public void CopyToDevice(ulong destination, void* source, long bytes)
    {
        if (bytes > 0)
        {
            Check(cuMemcpyHtoD(destination, source, (nuint)bytes), "cuMemcpyHtoD");
        }
    }

    public void CopyToHost(void* destination, ulong source, long bytes)
    {
        if (bytes > 0)
        {
            Check(cuMemcpyDtoH(destination, source, (nuint)bytes), "cuMemcpyDtoH");
        }
    }

    public void Zero(ulong pointer, long bytes)
    {
        if (bytes > 0)
        {
            Check(cuMemsetD8(pointer, 0, (nuint)bytes), "cuMemsetD8");
        }
    }

    public nint LoadModule(byte[] image)
    {
        nint module;
        fixed (byte* p = image)
        {
            Check(cuModuleLoadData(&module, p), "cuModuleLoadData");
        }

        return module;
    }

    public nint Function(nint module, string name)
    {
        nint function;
        var bytes = System.Text.Encoding.ASCII.GetBytes(name + "\0");
        fixed (byte* p = bytes)
        {
            Check(cuModuleGetFunction(&function, module, p), $"cuModuleGetFunction({name})");
        }

        return function;
    }

    public void Launch(nint function, uint gridX, uint gridY, uint blockX, void** arguments)
        => Check(cuLaunchKernel(function, gridX, gridY, 1, blockX, 1, 1, 0, 0, arguments, null), "cuLaunchKernel");

    public void Check(int status, string call)
    {
        if (status == 0)
        {
            return;
        }

        byte* text = null;
        var detail = cuGetErrorString(status, &text) == 0 && text != null ? Marshal.PtrToStringUTF8((nint)text) : null;
        throw new CudaException("CUDA driver", call, status, detail);
    }
}
