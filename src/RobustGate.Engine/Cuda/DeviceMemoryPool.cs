namespace RobustGate.Engine.Cuda;

/// <summary>
/// A caching allocator for device memory: blocks are rounded up to a size class (powers of two,
/// in eighths above 1 MiB) and returned to a per-class free list instead of cuMemFree,
/// because cuMemAlloc/cuMemFree synchronise the device and cost tens of microseconds each. When
/// an allocation fails the cache is released and the allocation tried once more.
/// </summary>
internal sealed class DeviceMemoryPool : IDisposable
{
    private const long MinimumBlock = 512;
    private readonly CudaDriverApi driver;
    private readonly Dictionary<long, Stack<ulong>> free = [];
    private readonly Lock gate = new();
    private bool disposed;

    public DeviceMemoryPool(CudaDriverApi driver) => this.driver = driver;

    /// <summary>Bytes held by live blocks plus cached ones.</summary>
    public long ReservedBytes { get; private set; }

    public long CachedBytes { get; private set; }

    public DeviceBuffer Rent(long bytes)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(bytes);
        var size = SizeClass(bytes);
        lock (gate)
        {
            ObjectDisposedException.ThrowIf(disposed, this);
            if (free.TryGetValue(size, out var stack) && stack.Count > 0)
            {
                CachedBytes -= size;
                return new DeviceBuffer(this, stack.Pop(), size);
            }

            var pointer = driver.TryAllocate(size);
            if (pointer == 0)
            {
                ReleaseCacheLocked();
                pointer = driver.TryAllocate(size);
                if (pointer == 0)
                {
                    throw new CudaException("CUDA driver", "cuMemAlloc", 2, $"out of device memory allocating {size} bytes with {ReservedBytes} bytes already reserved");
                }
            }

            ReservedBytes += size;
            return new DeviceBuffer(this, pointer, size);
        }
    }

    internal void Return(ulong pointer, long size)
    {
        lock (gate)
        {
            if (disposed)
            {
                return;
            }

            if (!free.TryGetValue(size, out var stack))
            {
                free[size] = stack = new Stack<ulong>();
            }

            stack.Push(pointer);
            CachedBytes += size;
        }
    }

    public void ReleaseCache()
    {
        lock (gate)
        {
            ReleaseCacheLocked();
        }
    }

    public void Dispose()
    {
        lock (gate)
        {
            ReleaseCacheLocked();
            disposed = true;
        }
    }

    /// <summary>The block size a request of <paramref name="bytes"/> gets.</summary>
    internal static long SizeClass(long bytes)
    {
        if (bytes <= MinimumBlock)
        {
            return MinimumBlock;
        }

        var power = 1L << (int)(64 - long.LeadingZeroCount(bytes - 1));
        if (power <= 1 << 20)
        {
            return power;
        }

        // Above 1 MiB: eighths of the power of two, so a 33 MiB tensor does not take 64 MiB.
        var quarter = power / 8;
        return (bytes + quarter - 1) / quarter * quarter;
    }

    private void ReleaseCacheLocked()
    {
        foreach (var (size, stack) in free)
        {
            while (stack.Count > 0)
            {
                driver.Free(stack.Pop());
                ReservedBytes -= size;
                CachedBytes -= size;
            }
        }
    }
}
