using RobustGate.Engine.Cuda;

namespace RobustGate.Engine.Tensors;

/// <summary>
/// Turns a <see cref="DeviceRequest"/> into the process's <see cref="ComputeBackend"/>. 'auto'
/// takes CUDA when a device opens and falls back to the CPU (saying why in
/// <see cref="ActiveDevice.Note"/>); an explicit 'cuda' that cannot open is an error (exit 4).
/// </summary>
public static class ComputeDevices
{
    /// <summary>Set to 'cpu' (or any device) to change what 'auto' means, e.g. to keep a GPU machine's tests on the CPU.</summary>
    public const string DefaultVariable = "ROBUSTGATE_DEVICE";

    /// <summary>The device in use.</summary>
    public static ActiveDevice Current { get; private set; } = new("cpu", "cpu", null);

    public static ActiveDevice Use(DeviceRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        switch (request.Kind)
        {
            case DeviceKind.Cpu:
                ComputeBackend.Current = CpuBackend.Instance;
                return Current = new ActiveDevice("cpu", "cpu", null);
            case DeviceKind.Cuda:
                return UseCuda(CudaDevice.Open(request.Ordinal));
            default:
                if (CudaDevice.TryOpen(request.Ordinal, out var device, out var reason))
                {
                    return UseCuda(device!);
                }

                ComputeBackend.Current = CpuBackend.Instance;
                return Current = new ActiveDevice("cpu", "cpu", $"no CUDA device: {reason}");
        }
    }

    private static ActiveDevice UseCuda(CudaDevice device)
    {
        var backend = device.Backend;
        ComputeBackend.Current = backend;
        return Current = new ActiveDevice(backend.Name, device.ToString(), null);
    }
}
