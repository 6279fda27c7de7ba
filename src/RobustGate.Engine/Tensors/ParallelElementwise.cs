using RobustGate.Engine.Kernels;

namespace RobustGate.Engine.Tensors;

/// <summary>
/// Runs the SIMD element-wise kernels over large spans in fixed-size chunks on the engine's
/// threads. Chunk boundaries depend only on the length (never on the thread count), and each
/// element is computed on its own, so results are identical for any number of threads.
/// </summary>
internal static unsafe class ParallelElementwise
{
    /// <summary>Elements per chunk: a multiple of the widest vector, large enough to amortise scheduling.</summary>
    public const int ChunkSize = 1 << 16;

    public static void Unary<TOp>(ReadOnlySpan<float> x, Span<float> y, TOp op)
        where TOp : struct, IUnaryOperator
    {
        if (x.Length <= ChunkSize)
        {
            ElementwiseKernels.Unary(x, y, op);
            return;
        }

        if (y.Length != x.Length)
        {
            throw new ArgumentException("Element-wise destination length differs from the input.", nameof(y));
        }

        fixed (float* px = x, py = y)
        {
            var (xp, yp) = ((nint)px, (nint)py);
            ParallelLoop.ForChunks(x.Length, ChunkSize, (start, end) =>
                ElementwiseKernels.Unary(new ReadOnlySpan<float>((float*)xp + start, (int)(end - start)), new Span<float>((float*)yp + start, (int)(end - start)), op));
        }
    }

    public static void Binary<TOp>(ReadOnlySpan<float> x, ReadOnlySpan<float> y, Span<float> dst, TOp op)
        where TOp : struct, IBinaryOperator
    {
        if (x.Length <= ChunkSize)
        {
            ElementwiseKernels.Binary(x, y, dst, op);
            return;
        }

        if (y.Length != x.Length || dst.Length != x.Length)
        {
            throw new ArgumentException("Element-wise operand lengths differ.", nameof(dst));
        }

        fixed (float* px = x, py = y, pd = dst)
        {
            var (xp, yp, dp) = ((nint)px, (nint)py, (nint)pd);
            ParallelLoop.ForChunks(x.Length, ChunkSize, (start, end) =>
            {
                var n = (int)(end - start);
                ElementwiseKernels.Binary(new ReadOnlySpan<float>((float*)xp + start, n), new ReadOnlySpan<float>((float*)yp + start, n), new Span<float>((float*)dp + start, n), op);
            });
        }
    }

    /// <summary>Runs body(offset, length) over chunks of [0, length), in parallel when large.</summary>
    public static void ForChunks(int length, Action<int, int> body)
    {
        if (length <= ChunkSize)
        {
            body(0, length);
            return;
        }

        ParallelLoop.ForChunks(length, ChunkSize, (start, end) => body((int)start, (int)(end - start)));
    }
}
