namespace RobustGate.Engine.Kernels;

/// <summary>
/// Single-precision GEMM on row-major storage: C = alpha * op(A) * op(B) + beta * C, where op(A)
/// is M x K, op(B) is K x N and C is M x N with leading dimensions lda, ldb, ldc (elements per row
/// as stored). This is the seam every convolution and linear layer goes through.
/// </summary>
public static partial class Gemm
{
    /// <summary>
    /// The packed, cache-blocked, parallel SGEMM (see <see cref="GemmBlocking"/>). beta == 0 overwrites C
    /// without reading it (NaN in C does not propagate). Results are bit-identical for any
    /// <see cref="EngineThreads.Count"/>.
    /// </summary>
    public static void Sgemm(
        Transpose transA,
        Transpose transB,
        int m,
        int n,
        int k,
        float alpha,
        ReadOnlySpan<float> a,
        int lda,
        ReadOnlySpan<float> b,
        int ldb,
        float beta,
        Span<float> c,
        int ldc)
        => Sgemm(GemmBlocking.BestKind, EngineThreads.Count, transA, transB, m, n, k, alpha, a, lda, b, ldb, beta, c, ldc);

    /// <summary>As <see cref="Sgemm(Transpose, Transpose, int, int, int, float, ReadOnlySpan{float}, int, ReadOnlySpan{float}, int, float, Span{float}, int)"/> with an explicit kernel and thread count.</summary>
    internal static unsafe void Sgemm(
        GemmKernelKind kind,
        int threads,
        Transpose transA,
        Transpose transB,
        int m,
        int n,
        int k,
        float alpha,
        ReadOnlySpan<float> a,
        int lda,
        ReadOnlySpan<float> b,
        int ldb,
        float beta,
        Span<float> c,
        int ldc)
    {
        Validate(transA, transB, m, n, k, a.Length, lda, b.Length, ldb, c.Length, ldc);
        fixed (float* pa = a)
        fixed (float* pb = b)
        fixed (float* pc = c)
        {
            GemmDriver.Run(kind, transA, transB, m, n, k, alpha, pa, lda, pb, ldb, beta, pc, ldc, threads);
        }
    }

    /// <summary>Pointer form for kernels that already hold pinned or native memory; validates shapes only.</summary>
    internal static unsafe void Sgemm(
        int threads,
        Transpose transA,
        Transpose transB,
        int m,
        int n,
        int k,
        float alpha,
        float* a,
        int lda,
        float* b,
        int ldb,
        float beta,
        float* c,
        int ldc)
    {
        Validate(transA, transB, m, n, k, long.MaxValue, lda, long.MaxValue, ldb, long.MaxValue, ldc);
        GemmDriver.Run(GemmBlocking.BestKind, transA, transB, m, n, k, alpha, a, lda, b, ldb, beta, c, ldc, threads);
    }

    private static void Validate(Transpose transA, Transpose transB, int m, int n, int k, long aLength, int lda, long bLength, int ldb, long cLength, int ldc)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(m);
        ArgumentOutOfRangeException.ThrowIfNegative(n);
        ArgumentOutOfRangeException.ThrowIfNegative(k);
        if (m == 0 || n == 0)
        {
            return;
        }

        CheckOperand("C", m, n, cLength, ldc);
        if (k == 0)
        {
            return;
        }

        if (transA == Transpose.No)
        {
            CheckOperand("A", m, k, aLength, lda);
        }
        else
        {
            CheckOperand("A", k, m, aLength, lda);
        }

        if (transB == Transpose.No)
        {
            CheckOperand("B", k, n, bLength, ldb);
        }
        else
        {
            CheckOperand("B", n, k, bLength, ldb);
        }
    }

    private static void CheckOperand(string name, int rows, int cols, long length, int ld)
    {
        if (ld < cols)
        {
            throw new ArgumentException($"GEMM operand {name}: leading dimension {ld} is less than its row length {cols}.");
        }

        var needed = ((long)(rows - 1) * ld) + cols;
        if (length < needed)
        {
            throw new ArgumentException($"GEMM operand {name}: {rows} x {cols} with leading dimension {ld} needs {needed} elements, the span has {length}.");
        }
    }

    /// <summary>
    /// The plain triple loop, kept as the scalar reference the fast kernel is tested against.
    /// Sums over k in increasing order in double precision.
    /// </summary>
    public static void SgemmReference(
        Transpose transA,
        Transpose transB,
        int m,
        int n,
        int k,
        float alpha,
        ReadOnlySpan<float> a,
        int lda,
        ReadOnlySpan<float> b,
        int ldb,
        float beta,
        Span<float> c,
        int ldc)
    {
        for (var i = 0; i < m; i++)
        {
            for (var j = 0; j < n; j++)
            {
                double sum = 0;
                for (var p = 0; p < k; p++)
                {
                    var av = transA == Transpose.No ? a[(i * lda) + p] : a[(p * lda) + i];
                    var bv = transB == Transpose.No ? b[(p * ldb) + j] : b[(j * ldb) + p];
                    sum += (double)av * bv;
                }

                var prior = beta == 0f ? 0f : beta * c[(i * ldc) + j];
                c[(i * ldc) + j] = (float)(alpha * sum) + prior;
            }
        }
    }
}
