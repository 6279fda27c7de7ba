using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace RobustGate.Engine.Kernels;

/// <summary>
/// The AVX-512 register tile: 8 rows x 32 columns in 16 zmm accumulators; each k step loads two B vectors,
/// broadcasts eight A values and issues 16 FMAs.
/// </summary>
internal static unsafe class GemmMicroKernelAvx512
{
    public const int MR = 8;

    public const int NR = 32;

    /// <summary>
    /// C[0..8, 0..32] = alpha * (A panel x B panel) + beta * C, where beta == 0 ignores C's contents.
    /// The A panel is kc steps of 8 floats, the B panel kc steps of 32 floats (both packed).
    /// </summary>
    public static void Run(int kc, float* a, float* b, float* c, nint ldc, float alpha, float beta)
        => Run(kc, a, MR, b, NR, c, ldc, alpha, beta);

    /// <summary>
    /// As <see cref="Run(int, float*, float*, float*, nint, float, float)"/> with the A panel's k steps
    /// <paramref name="aStep"/> floats apart: MR for a packed panel, lda for the unpacked columns of a transposed A
    /// (its 8 rows are then contiguous in every k step, so packing would only copy them), and the B panel's k steps
    /// <paramref name="bStep"/> floats apart: NR packed, ldb for 32 columns of a B as stored.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void Run(int kc, float* a, nint aStep, float* b, nint bStep, float* c, nint ldc, float alpha, float beta)
    {
        var c00 = Vector512<float>.Zero;
        var c01 = Vector512<float>.Zero;
        var c10 = Vector512<float>.Zero;
        var c11 = Vector512<float>.Zero;
        var c20 = Vector512<float>.Zero;
        var c21 = Vector512<float>.Zero;
        var c30 = Vector512<float>.Zero;
        var c31 = Vector512<float>.Zero;
        var c40 = Vector512<float>.Zero;
        var c41 = Vector512<float>.Zero;
        var c50 = Vector512<float>.Zero;
        var c51 = Vector512<float>.Zero;
        var c60 = Vector512<float>.Zero;
        var c61 = Vector512<float>.Zero;
        var c70 = Vector512<float>.Zero;
        var c71 = Vector512<float>.Zero;
        for (var p = 0; p < kc; p++)
        {
            var b0 = Vector512.Load(b + 0);
            var b1 = Vector512.Load(b + 16);
            var a0 = Vector512.Create(a[0]);
            c00 = Avx512F.FusedMultiplyAdd(a0, b0, c00);
            c01 = Avx512F.FusedMultiplyAdd(a0, b1, c01);
            var a1 = Vector512.Create(a[1]);
            c10 = Avx512F.FusedMultiplyAdd(a1, b0, c10);
            c11 = Avx512F.FusedMultiplyAdd(a1, b1, c11);
            var a2 = Vector512.Create(a[2]);
            c20 = Avx512F.FusedMultiplyAdd(a2, b0, c20);
            c21 = Avx512F.FusedMultiplyAdd(a2, b1, c21);
            var a3 = Vector512.Create(a[3]);
            c30 = Avx512F.FusedMultiplyAdd(a3, b0, c30);
            c31 = Avx512F.FusedMultiplyAdd(a3, b1, c31);
            var a4 = Vector512.Create(a[4]);
            c40 = Avx512F.FusedMultiplyAdd(a4, b0, c40);
            c41 = Avx512F.FusedMultiplyAdd(a4, b1, c41);
            var a5 = Vector512.Create(a[5]);
            c50 = Avx512F.FusedMultiplyAdd(a5, b0, c50);
            c51 = Avx512F.FusedMultiplyAdd(a5, b1, c51);
            var a6 = Vector512.Create(a[6]);
            c60 = Avx512F.FusedMultiplyAdd(a6, b0, c60);
            c61 = Avx512F.FusedMultiplyAdd(a6, b1, c61);
            var a7 = Vector512.Create(a[7]);
            c70 = Avx512F.FusedMultiplyAdd(a7, b0, c70);
            c71 = Avx512F.FusedMultiplyAdd(a7, b1, c71);
            a += aStep;
            b += bStep;
        }

        StoreTile(c, ldc, alpha, beta, c00, c01, c10, c11, c20, c21, c30, c31, c40, c41, c50, c51, c60, c61, c70, c71);
    }

    /// <summary>
    /// As <see cref="Run(int, float*, float*, float*, nint, float, float)"/> reading A unpacked from 8 rows of a
    /// row-major matrix (A(r, p) = a[r * lda + p]). For a GEMM with few columns every A element is used only N
    /// times, and packing A first (a read and a write of the whole operand) cost a third of the multiply
    /// (576 x 64 x 1024, a weight gradient: 110 us of packing against 350 us of tiles); broadcasting straight
    /// from the rows costs nothing extra. The same FMAs run in the same order as with a packed panel.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void RunRows(int kc, float* a, nint lda, float* b, nint bStep, float* c, nint ldc, float alpha, float beta)
    {
        var c00 = Vector512<float>.Zero;
        var c01 = Vector512<float>.Zero;
        var c10 = Vector512<float>.Zero;
        var c11 = Vector512<float>.Zero;
        var c20 = Vector512<float>.Zero;
        var c21 = Vector512<float>.Zero;
        var c30 = Vector512<float>.Zero;
        var c31 = Vector512<float>.Zero;
        var c40 = Vector512<float>.Zero;
        var c41 = Vector512<float>.Zero;
        var c50 = Vector512<float>.Zero;
        var c51 = Vector512<float>.Zero;
        var c60 = Vector512<float>.Zero;
        var c61 = Vector512<float>.Zero;
        var c70 = Vector512<float>.Zero;
        var c71 = Vector512<float>.Zero;

        // Three base pointers cover the 8 rows with base + lda * {0, 1, 2} addressing.
        var r0 = a;
        var r3 = a + (3 * lda);
        var r6 = a + (6 * lda);
        var lda2 = 2 * lda;
        for (var p = 0; p < kc; p++)
        {
            var b0 = Vector512.Load(b + 0);
            var b1 = Vector512.Load(b + 16);
            var a0 = Vector512.Create(r0[0]);
            c00 = Avx512F.FusedMultiplyAdd(a0, b0, c00);
            c01 = Avx512F.FusedMultiplyAdd(a0, b1, c01);
            var a1 = Vector512.Create(r0[lda]);
            c10 = Avx512F.FusedMultiplyAdd(a1, b0, c10);
            c11 = Avx512F.FusedMultiplyAdd(a1, b1, c11);
            var a2 = Vector512.Create(r0[lda2]);
            c20 = Avx512F.FusedMultiplyAdd(a2, b0, c20);
            c21 = Avx512F.FusedMultiplyAdd(a2, b1, c21);
            var a3 = Vector512.Create(r3[0]);
            c30 = Avx512F.FusedMultiplyAdd(a3, b0, c30);
            c31 = Avx512F.FusedMultiplyAdd(a3, b1, c31);
            var a4 = Vector512.Create(r3[lda]);
            c40 = Avx512F.FusedMultiplyAdd(a4, b0, c40);
            c41 = Avx512F.FusedMultiplyAdd(a4, b1, c41);
            var a5 = Vector512.Create(r3[lda2]);
            c50 = Avx512F.FusedMultiplyAdd(a5, b0, c50);
            c51 = Avx512F.FusedMultiplyAdd(a5, b1, c51);
            var a6 = Vector512.Create(r6[0]);
            c60 = Avx512F.FusedMultiplyAdd(a6, b0, c60);
            c61 = Avx512F.FusedMultiplyAdd(a6, b1, c61);
            var a7 = Vector512.Create(r6[lda]);
            c70 = Avx512F.FusedMultiplyAdd(a7, b0, c70);
            c71 = Avx512F.FusedMultiplyAdd(a7, b1, c71);
            r0++;
            r3++;
            r6++;
            b += bStep;
        }

        StoreTile(c, ldc, alpha, beta, c00, c01, c10, c11, c20, c21, c30, c31, c40, c41, c50, c51, c60, c61, c70, c71);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void StoreTile(
        float* c, nint ldc, float alpha, float beta,
        Vector512<float> c00, Vector512<float> c01, Vector512<float> c10, Vector512<float> c11,
        Vector512<float> c20, Vector512<float> c21, Vector512<float> c30, Vector512<float> c31,
        Vector512<float> c40, Vector512<float> c41, Vector512<float> c50, Vector512<float> c51,
        Vector512<float> c60, Vector512<float> c61, Vector512<float> c70, Vector512<float> c71)
    {
        var va = Vector512.Create(alpha);
        if (beta == 0f)
        {
            Vector512.Store(c00 * va, c + (0 * ldc) + 0);
            Vector512.Store(c01 * va, c + (0 * ldc) + 16);
            Vector512.Store(c10 * va, c + (1 * ldc) + 0);
            Vector512.Store(c11 * va, c + (1 * ldc) + 16);
            Vector512.Store(c20 * va, c + (2 * ldc) + 0);
            Vector512.Store(c21 * va, c + (2 * ldc) + 16);
            Vector512.Store(c30 * va, c + (3 * ldc) + 0);
            Vector512.Store(c31 * va, c + (3 * ldc) + 16);
            Vector512.Store(c40 * va, c + (4 * ldc) + 0);
            Vector512.Store(c41 * va, c + (4 * ldc) + 16);
            Vector512.Store(c50 * va, c + (5 * ldc) + 0);
            Vector512.Store(c51 * va, c + (5 * ldc) + 16);
            Vector512.Store(c60 * va, c + (6 * ldc) + 0);
            Vector512.Store(c61 * va, c + (6 * ldc) + 16);
            Vector512.Store(c70 * va, c + (7 * ldc) + 0);
            Vector512.Store(c71 * va, c + (7 * ldc) + 16);
        }
        else
        {
            var vb = Vector512.Create(beta);
            Store(c + (0 * ldc) + 0, c00, va, vb);
            Store(c + (0 * ldc) + 16, c01, va, vb);
            Store(c + (1 * ldc) + 0, c10, va, vb);
            Store(c + (1 * ldc) + 16, c11, va, vb);
            Store(c + (2 * ldc) + 0, c20, va, vb);
            Store(c + (2 * ldc) + 16, c21, va, vb);
            Store(c + (3 * ldc) + 0, c30, va, vb);
            Store(c + (3 * ldc) + 16, c31, va, vb);
            Store(c + (4 * ldc) + 0, c40, va, vb);
            Store(c + (4 * ldc) + 16, c41, va, vb);
            Store(c + (5 * ldc) + 0, c50, va, vb);
            Store(c + (5 * ldc) + 16, c51, va, vb);
            Store(c + (6 * ldc) + 0, c60, va, vb);
            Store(c + (6 * ldc) + 16, c61, va, vb);
            Store(c + (7 * ldc) + 0, c70, va, vb);
            Store(c + (7 * ldc) + 16, c71, va, vb);
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Store(float* target, Vector512<float> ab, Vector512<float> alpha, Vector512<float> beta)
        => Vector512.Store(Avx512F.FusedMultiplyAdd(beta, Vector512.Load(target), ab * alpha), target);
}
