namespace RobustGate.Engine.Tensors;

/// <summary>Where the engine's kernels run.</summary>
public enum DeviceKind
{
    /// <summary>CUDA when a device opens here, else the CPU.</summary>
    Auto,
    Cpu,
    Cuda,
}
