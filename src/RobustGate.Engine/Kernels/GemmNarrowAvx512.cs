using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace RobustGate.Engine.Kernels;

/// <summary>
/// SGEMM for at most 16 columns (a single image's last ResNet stage: 4 x 4 = 16 output pixels) with A as stored.
/// The 8 x 32 tile would leave half of every FMA empty; here a 16 x 16 tile keeps one zmm per C row: each k
/// step loads one B vector, broadcasts 16 A values straight from the rows of A (each A element is used only N
/// times, so packing A would cost more than the multiply saves) and issues 16 independent FMAs. B is packed
/// into one zero-padded K x 16 panel. Each C element is accumulated over k in order in the same KC blocks as
/// <see cref="GemmDriver"/> and combined as alpha * ab + beta * C, so results match the other kernels bit for
/// bit; rows are split between threads in fixed blocks, so they do not depend on the thread count either.
/// </summary>
internal static unsafe class GemmNarrowAvx512
{
    public const int Rows = 16;

    public const int Columns = 16;

    /// <summary>Rows per parallel work item.</summary>
    private const int RowsPerTask = 64;

    public static bool Applies(GemmKernelKind kind, Transpose transA, int n) =>
        kind == GemmKernelKind.Avx512 && transA == Transpose.No && n <= Columns;

    public static void Run(Transpose transB, int m, int n, int k, float alpha, float* a, nint lda, float* b, nint ldb, float beta, float* c, nint ldc, int threads)
    {
        using var packedB = ScratchPool.Rent((long)k * Columns);
        var bp = packedB.Pointer;
        for (var p0 = 0; p0 < k; p0 += GemmBlocking.KC)
        {
            var kc = Math.Min(GemmBlocking.KC, k - p0);
            GemmPacking.PackB(transB, b, ldb, p0, kc, 0, n, Columns, bp + ((long)p0 * Columns));
        }

        var tasks = (m + RowsPerTask - 1) / RowsPerTask;
        ParallelLoop.For(tasks, threads, task =>
        {
            var tile = stackalloc float[Rows * Columns];
            var block = stackalloc float[Rows * Columns];
            var iEnd = Math.Min(m, (task + 1) * RowsPerTask);
            for (var i = task * RowsPerTask; i < iEnd; i += Rows)
            {
                var rows = Math.Min(Rows, iEnd - i);
                if (rows == Rows)
                {
                    RowBlock(k, n, alpha, a + (i * lda), lda, bp, beta, c + (i * ldc), ldc, tile);
                }
                else
                {
                    // The last rows: copy them into a zero-padded 16-row block first.
                    using var padded = ScratchPool.Rent((long)Rows * k);
                    var rowsA = padded.Pointer;
                    new Span<float>(rowsA, Rows * k).Clear();
                    for (var r = 0; r < rows; r++)
                    {
                        new ReadOnlySpan<float>(a + ((i + r) * lda), k).CopyTo(new Span<float>(rowsA + ((long)r * k), k));
                    }

                    for (var r = 0; r < rows; r++)
                    {
                        new ReadOnlySpan<float>(c + ((i + r) * ldc), n).CopyTo(new Span<float>(block + (r * Columns), n));
                    }

                    RowBlock(k, n, alpha, rowsA, k, bp, beta, block, Columns, tile);
                    for (var r = 0; r < rows; r++)
                    {
                        new ReadOnlySpan<float>(block + (r * Columns), n).CopyTo(new Span<float>(c + ((i + r) * ldc), n));
                    }
                }
            }
        });
    }

    /// <summary>16 rows of C over all of K, one KC block at a time; columns past n go through the tile scratch.</summary>
    private static void RowBlock(int k, int n, float alpha, float* a, nint lda, float* bp, float beta, float* c, nint ldc, float* tile)
    {
        for (var p0 = 0; p0 < k; p0 += GemmBlocking.KC)
        {
            var kc = Math.Min(GemmBlocking.KC, k - p0);
            var blockBeta = p0 == 0 ? beta : 1f;
            if (n == Columns)
            {
                Tile(kc, a + p0, lda, bp + ((long)p0 * Columns), c, ldc, alpha, blockBeta);
            }
            else
            {
                Tile(kc, a + p0, lda, bp + ((long)p0 * Columns), tile, Columns, 1f, 0f);
                for (var r = 0; r < Rows; r++)
                {
                    var cRow = c + (r * ldc);
                    for (var q = 0; q < n; q++)
                    {
                        var scaled = tile[(r * Columns) + q] * alpha;
                        cRow[q] = blockBeta == 0f ? scaled : MathF.FusedMultiplyAdd(blockBeta, cRow[q], scaled);
                    }
                }
            }
        }
    }

    /// <summary>C[0..16, 0..16] = alpha * (A rows x B panel) + beta * C (beta == 0 ignores C).</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void Tile(int kc, float* a, nint lda, float* b, float* c, nint ldc, float alpha, float beta)
    {
        var c0 = Vector512<float>.Zero;
        var c1 = Vector512<float>.Zero;
        var c2 = Vector512<float>.Zero;
        var c3 = Vector512<float>.Zero;
        var c4 = Vector512<float>.Zero;
        var c5 = Vector512<float>.Zero;
        var c6 = Vector512<float>.Zero;
        var c7 = Vector512<float>.Zero;
        var c8 = Vector512<float>.Zero;
        var c9 = Vector512<float>.Zero;
        var c10 = Vector512<float>.Zero;
        var c11 = Vector512<float>.Zero;
        var c12 = Vector512<float>.Zero;
        var c13 = Vector512<float>.Zero;
        var c14 = Vector512<float>.Zero;
        var c15 = Vector512<float>.Zero;

        // Six base pointers cover the 16 rows with base + lda * {0, 1, 2} addressing.
        var r0 = a;
        var r3 = a + (3 * lda);
        var r6 = a + (6 * lda);
        var r9 = a + (9 * lda);
        var r12 = a + (12 * lda);
        var r15 = a + (15 * lda);
        var lda2 = 2 * lda;
        for (var p = 0; p < kc; p++)
        {
            var bv = Vector512.Load(b);
            c0 = Avx512F.FusedMultiplyAdd(Vector512.Create(r0[0]), bv, c0);
            c1 = Avx512F.FusedMultiplyAdd(Vector512.Create(r0[lda]), bv, c1);
            c2 = Avx512F.FusedMultiplyAdd(Vector512.Create(r0[lda2]), bv, c2);
            c3 = Avx512F.FusedMultiplyAdd(Vector512.Create(r3[0]), bv, c3);
            c4 = Avx512F.FusedMultiplyAdd(Vector512.Create(r3[lda]), bv, c4);
            c5 = Avx512F.FusedMultiplyAdd(Vector512.Create(r3[lda2]), bv, c5);
            c6 = Avx512F.FusedMultiplyAdd(Vector512.Create(r6[0]), bv, c6);
            c7 = Avx512F.FusedMultiplyAdd(Vector512.Create(r6[lda]), bv, c7);
            c8 = Avx512F.FusedMultiplyAdd(Vector512.Create(r6[lda2]), bv, c8);
            c9 = Avx512F.FusedMultiplyAdd(Vector512.Create(r9[0]), bv, c9);
            c10 = Avx512F.FusedMultiplyAdd(Vector512.Create(r9[lda]), bv, c10);
            c11 = Avx512F.FusedMultiplyAdd(Vector512.Create(r9[lda2]), bv, c11);
            c12 = Avx512F.FusedMultiplyAdd(Vector512.Create(r12[0]), bv, c12);
            c13 = Avx512F.FusedMultiplyAdd(Vector512.Create(r12[lda]), bv, c13);
            c14 = Avx512F.FusedMultiplyAdd(Vector512.Create(r12[lda2]), bv, c14);
            c15 = Avx512F.FusedMultiplyAdd(Vector512.Create(r15[0]), bv, c15);
            r0++;
            r3++;
            r6++;
            r9++;
            r12++;
            r15++;
            b += Columns;
        }

        var va = Vector512.Create(alpha);
        var vb = Vector512.Create(beta);
        var zeroBeta = beta == 0f;
        Store(c + (0 * ldc), c0, va, vb, zeroBeta);
        Store(c + (1 * ldc), c1, va, vb, zeroBeta);
        Store(c + (2 * ldc), c2, va, vb, zeroBeta);
        Store(c + (3 * ldc), c3, va, vb, zeroBeta);
        Store(c + (4 * ldc), c4, va, vb, zeroBeta);
        Store(c + (5 * ldc), c5, va, vb, zeroBeta);
        Store(c + (6 * ldc), c6, va, vb, zeroBeta);
        Store(c + (7 * ldc), c7, va, vb, zeroBeta);
        Store(c + (8 * ldc), c8, va, vb, zeroBeta);
        Store(c + (9 * ldc), c9, va, vb, zeroBeta);
        Store(c + (10 * ldc), c10, va, vb, zeroBeta);
        Store(c + (11 * ldc), c11, va, vb, zeroBeta);
        Store(c + (12 * ldc), c12, va, vb, zeroBeta);
        Store(c + (13 * ldc), c13, va, vb, zeroBeta);
        Store(c + (14 * ldc), c14, va, vb, zeroBeta);
        Store(c + (15 * ldc), c15, va, vb, zeroBeta);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Store(float* target, Vector512<float> ab, Vector512<float> alpha, Vector512<float> beta, bool zeroBeta)
        => Vector512.Store(zeroBeta ? ab * alpha : Avx512F.FusedMultiplyAdd(beta, Vector512.Load(target), ab * alpha), target);
}
