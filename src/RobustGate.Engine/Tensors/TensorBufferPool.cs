using System.Runtime.InteropServices;

namespace RobustGate.Engine.Tensors;

/// <summary>
/// A bounded pool of 64-byte-aligned native float buffers. Fresh memory is expensive on first
/// touch (page faults, ~11 us per 4 KiB page), and training allocates the same activation sizes on
/// every step, so released buffers are kept and handed out again. Capacities are rounded to size
/// classes (four per power of two, at most 25 % slack) so slightly different shapes share buffers.
/// The pool holds at most <see cref="MaxPooledBytes"/>; beyond that returned buffers are freed.
/// </summary>
public static unsafe class TensorBufferPool
{
    private const int MinCapacity = 16;
    private static readonly Lock Gate = new();
    private static readonly Dictionary<long, Stack<nint>> Free = [];
    private static long pooledBytes;
    private static long allocatedBytes;
    private static long freshAllocations;

    /// <summary>Upper bound on the bytes kept for reuse (default 2 GiB).</summary>
    public static long MaxPooledBytes { get; set; } = 2L << 30;

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
        lock (Gate)
        {
            if (Free.TryGetValue(capacity, out var stack) && stack.Count > 0)
            {
                pooledBytes -= capacity * sizeof(float);
                return (float*)stack.Pop();
            }
        }

        var bytes = (nuint)(capacity * sizeof(float));
        var p = (float*)NativeMemory.AlignedAlloc(bytes, 64);
        Interlocked.Add(ref allocatedBytes, (long)bytes);
        Interlocked.Increment(ref freshAllocations);
        GC.AddMemoryPressure((long)bytes);
        return p;
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
