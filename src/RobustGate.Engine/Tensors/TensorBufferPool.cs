using System.Runtime.InteropServices;

namespace RobustGate.Engine.Tensors;

/// <summary>
/// A bounded pool of 64-byte-aligned native float buffers. Fresh memory is expensive on first
/// touch (page faults, ~11 us per 4 KiB page), and training allocates the same activation sizes on
/// every step, so released buffers are kept and handed out again. Capacities are rounded to size
/// classes (four per power of two, at most 25 % slack) so slightly different shapes share buffers.
/// The pool holds at most <see cref="MaxPooledBytes"/>; beyond that returned buffers are freed.
/// Tensors nobody disposed (a training step without a <see cref="TensorScope"/>) come back only
/// when the GC finalizes them, so before first-touching a large fresh buffer the pool asks for a
/// gen-1 collection and waits for finalizers, then looks again: a small-heap collection costs
/// about a millisecond, faulting in 16 MiB of fresh pages about 45 ms. It does so at most once per
/// <see cref="CollectAfterBytes"/> rented, so a phase that genuinely grows pays a few collections.
/// </summary>
public static unsafe class TensorBufferPool
{
    private const int MinCapacity = 16;
    private static readonly Lock Gate = new();
    private static readonly Dictionary<long, Stack<nint>> Free = [];
    private static long pooledBytes;
    private static long allocatedBytes;
    private static long freshAllocations;
    private static long rentedSinceCollection;
    private static long forcedCollections;

    /// <summary>Fresh requests of at least this many bytes may first trigger a collection (1 MiB).</summary>
    public const long LargeBufferBytes = 1L << 20;

    /// <summary>
    /// Upper bound on the bytes kept for reuse. Default: a third of the memory this process may use
    /// (the container's limit where there is one), at least 2 GiB and at most 32 GiB. It must hold
    /// a training step's whole working set, or every step frees the excess and faults it in afresh:
    /// resnet50 at batch 32 and 224 px needs 6.3 GB, and a 2 GiB cap made its step 1.9x slower.
    /// </summary>
    public static long MaxPooledBytes { get; set; } = DefaultMaxPooledBytes(GC.GetGCMemoryInfo().TotalAvailableMemoryBytes);

    /// <summary>The default of <see cref="MaxPooledBytes"/> for a process that may use <paramref name="availableBytes"/>.</summary>
    public static long DefaultMaxPooledBytes(long availableBytes) => Math.Clamp(availableBytes / 3, 2L << 30, 32L << 30);

    /// <summary>
    /// Bytes that must be rented between two collections the pool forces (default 64 MiB; 0 disables
    /// forced collections). Garbage worth collecting exists only after buffers have churned.
    /// </summary>
    public static long CollectAfterBytes { get; set; } = 64L << 20;

    /// <summary>How many collections the pool forced to recover undisposed buffers.</summary>
    public static long ForcedCollections => Interlocked.Read(ref forcedCollections);

    /// <summary>Bytes currently idle in the pool.</summary>
    public static long PooledBytes
    {
        get
        {
            lock (Gate)
            {
                return pooledBytes;
            }
        }
    }

    /// <summary>Native bytes currently allocated (in use or pooled).</summary>
    public static long AllocatedBytes => Interlocked.Read(ref allocatedBytes);

    /// <summary>How many times a buffer had to be freshly allocated rather than reused.</summary>
    public static long FreshAllocations => Interlocked.Read(ref freshAllocations);

    /// <summary>The capacity (in floats) a request for <paramref name="length"/> floats is rounded to.</summary>
    public static long SizeClass(long length)
    {
        if (length <= MinCapacity)
        {
            return MinCapacity;
        }

        // Four classes per power of two: round up to a multiple of 2^(floor(log2) - 2).
        var log = 63 - System.Numerics.BitOperations.LeadingZeroCount((ulong)(length - 1));
        var step = 1L << Math.Max(0, log - 2);
        return (length + step - 1) / step * step;
    }

    /// <summary>Rents a buffer of at least <paramref name="length"/> floats; contents are undefined.</summary>
    internal static float* Rent(long length, out long capacity)
    {
        capacity = SizeClass(length);
        var bytes = (nuint)(capacity * sizeof(float));
        if (TryTake(capacity, out var pooled))
        {
            return pooled;
        }

        if ((long)bytes >= LargeBufferBytes && ShouldCollect())
        {
            // Finalizers return undisposed tensors' buffers (to this pool, taking Gate), so no lock is held here.
            GC.Collect(1, GCCollectionMode.Forced, blocking: true);
            GC.WaitForPendingFinalizers();
            Interlocked.Increment(ref forcedCollections);
            if (TryTake(capacity, out pooled))
            {
                return pooled;
            }
        }

        var p = (float*)NativeMemory.AlignedAlloc(bytes, 64);
        Interlocked.Add(ref allocatedBytes, (long)bytes);
        Interlocked.Increment(ref freshAllocations);
        GC.AddMemoryPressure((long)bytes);
        return p;
    }

    private static bool TryTake(long capacity, out float* buffer)
    {
        lock (Gate)
        {
            rentedSinceCollection += capacity * sizeof(float);
            if (Free.TryGetValue(capacity, out var stack) && stack.Count > 0)
            {
                pooledBytes -= capacity * sizeof(float);
                buffer = (float*)stack.Pop();
                return true;
            }
        }

        buffer = null;
        return false;
    }

    /// <summary>True (and the counter restarts) when enough has been rented since the last forced collection.</summary>
    private static bool ShouldCollect()
    {
        var threshold = CollectAfterBytes;
        lock (Gate)
        {
            if (threshold <= 0 || rentedSinceCollection < threshold)
            {
                return false;
            }

            rentedSinceCollection = 0;
            return true;
        }
    }

    /// <summary>Returns a buffer obtained from <see cref="Rent"/>. Safe to call from a finalizer.</summary>
    internal static void Return(float* buffer, long capacity)
    {
        var bytes = capacity * sizeof(float);
        lock (Gate)
        {
            if (pooledBytes + bytes <= MaxPooledBytes)
            {
                if (!Free.TryGetValue(capacity, out var stack))
                {
                    stack = new Stack<nint>();
                    Free[capacity] = stack;
                }

                stack.Push((nint)buffer);
                pooledBytes += bytes;
                return;
            }
        }

        Release(buffer, bytes);
    }

    /// <summary>Frees every idle buffer (tests, or a host that wants its memory back).</summary>
    public static void Trim()
    {
        List<(nint Pointer, long Bytes)> toFree = [];
        lock (Gate)
        {
            foreach (var (capacity, stack) in Free)
            {
                while (stack.Count > 0)
                {
                    toFree.Add((stack.Pop(), capacity * sizeof(float)));
                }
            }

            pooledBytes = 0;
        }

        foreach (var (pointer, bytes) in toFree)
        {
            Release((float*)pointer, bytes);
        }
    }

    private static void Release(float* buffer, long bytes)
    {
        NativeMemory.AlignedFree(buffer);
        Interlocked.Add(ref allocatedBytes, -bytes);
        GC.RemoveMemoryPressure(bytes);
    }
}
