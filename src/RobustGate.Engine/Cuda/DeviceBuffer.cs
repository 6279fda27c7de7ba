namespace RobustGate.Engine.Cuda;

/// <summary>A block of device memory rented from a <see cref="DeviceMemoryPool"/>; Dispose returns it.</summary>
internal readonly struct DeviceBuffer : IDisposable
{
    private readonly DeviceMemoryPool? pool;

    internal DeviceBuffer(DeviceMemoryPool pool, ulong pointer, long bytes)
    {
        this.pool = pool;
        Pointer = pointer;
        Bytes = bytes;
    }

    public ulong Pointer { get; }

    public long Bytes { get; }

    public void Dispose() => pool?.Return(Pointer, Bytes);
}
