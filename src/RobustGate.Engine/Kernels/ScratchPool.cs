using System.Runtime.InteropServices;

namespace RobustGate.Engine.Kernels;

/// <summary>
/// Thread-safe pool of 64-byte-aligned native float buffers for kernel scratch (GEMM packing, im2col
/// columns). Fresh memory is expensive to touch for the first time, so buffers are kept and handed out
/// again rather than freed; a rented buffer's contents are unspecified.
/// </summary>
public static unsafe class ScratchPool
{
    public const int Alignment = 64;

    private static readonly Lock Gate = new();
    private static readonly List<Block> Free = [];

    /// <summary>Bytes currently held by free buffers.</summary>
    public static long RetainedBytes
    {
        get
        {
            lock (Gate)
            {
                long sum = 0;
                foreach (var block in Free)
                {
                    sum += block.Capacity * sizeof(float);
                }

                return sum;
            }
        }
    }

    /// <summary>Rents a buffer of at least <paramref name="length"/> floats. Dispose the lease to return it.</summary>
    public static ScratchBuffer Rent(long length)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(length);
        lock (Gate)
        {
            // Best fit: the smallest free buffer that is large enough, so big buffers stay available for big requests.
            var best = -1;
            for (var i = 0; i < Free.Count; i++)
            {
                if (Free[i].Capacity >= length && (best < 0 || Free[i].Capacity < Free[best].Capacity))
                {
                    best = i;
                }
            }

            if (best >= 0)
            {
                var block = Free[best];
                Free.RemoveAt(best);
                return new ScratchBuffer(block.Pointer, block.Capacity, length);
            }
        }

        // Round up to whole pages so that near-equal requests share buffers.
        var capacity = Math.Max(1024, (length + 1023) & ~1023L);
        var pointer = (float*)NativeMemory.AlignedAlloc((nuint)(capacity * sizeof(float)), Alignment);
        return new ScratchBuffer(pointer, capacity, length);
    }

    /// <summary>Frees every buffer not currently rented.</summary>
    public static void Trim()
    {
        lock (Gate)
        {
            foreach (var block in Free)
            {
                NativeMemory.AlignedFree(block.Pointer);
            }

            Free.Clear();
        }
    }

    internal static void Return(float* pointer, long capacity)
    {
        lock (Gate)
        {
            Free.Add(new Block(pointer, capacity));
        }
    }

    private readonly struct Block(float* pointer, long capacity)
    {
        public float* Pointer { get; } = pointer;

        public long Capacity { get; } = capacity;
    }
}
