namespace RobustGate.Engine.Kernels;

/// <summary>
/// Single-precision GEMM on row-major storage: C = alpha * op(A) * op(B) + beta * C, where op(A)
/// is M x K, op(B) is K x N and C is M x N with leading dimensions lda, ldb, ldc (elements per row
/// as stored). This is the seam every convolution and linear layer goes through.
/// </summary>
public static partial class Gemm
{
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
    {
        ArgumentOutOfRangeException.ThrowIfNegative(m);
        ArgumentOutOfRangeException.ThrowIfNegative(n);
        ArgumentOutOfRangeException.ThrowIfNegative(k);
        SgemmReference(transA, transB, m, n, k, alpha, a, lda, b, ldb, beta, c, ldc);
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
