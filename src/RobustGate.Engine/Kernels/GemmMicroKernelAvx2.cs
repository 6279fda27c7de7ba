using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace RobustGate.Engine.Kernels;

/// <summary>
/// The AVX2 register tile: 6 rows x 16 columns in 12 ymm accumulators; each k step loads two B vectors,
/// broadcasts six A values and issues 12 FMAs.
/// </summary>
internal static unsafe class GemmMicroKernelAvx2
{
    public const int MR = 6;

    public const int NR = 16;

    /// <summary>
    /// C[0..6, 0..16] = alpha * (A panel x B panel) + beta * C, where beta == 0 ignores C's contents.
    /// The A panel is kc steps of 6 floats, the B panel kc steps of 16 floats (both packed).
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void Run(int kc, float* a, float* b, float* c, nint ldc, float alpha, float beta)
    {
        var c00 = Vector256<float>.Zero;
        var c01 = Vector256<float>.Zero;
        var c10 = Vector256<float>.Zero;
        var c11 = Vector256<float>.Zero;
        var c20 = Vector256<float>.Zero;
        var c21 = Vector256<float>.Zero;
        var c30 = Vector256<float>.Zero;
        var c31 = Vector256<float>.Zero;
        var c40 = Vector256<float>.Zero;
        var c41 = Vector256<float>.Zero;
        var c50 = Vector256<float>.Zero;
        var c51 = Vector256<float>.Zero;
        for (var p = 0; p < kc; p++)
        {
            var b0 = Vector256.Load(b + 0);
            var b1 = Vector256.Load(b + 8);
            var a0 = Vector256.Create(a[0]);
            c00 = Fma.MultiplyAdd(a0, b0, c00);
            c01 = Fma.MultiplyAdd(a0, b1, c01);
            var a1 = Vector256.Create(a[1]);
            c10 = Fma.MultiplyAdd(a1, b0, c10);
            c11 = Fma.MultiplyAdd(a1, b1, c11);
            var a2 = Vector256.Create(a[2]);
            c20 = Fma.MultiplyAdd(a2, b0, c20);
            c21 = Fma.MultiplyAdd(a2, b1, c21);
            var a3 = Vector256.Create(a[3]);
            c30 = Fma.MultiplyAdd(a3, b0, c30);
            c31 = Fma.MultiplyAdd(a3, b1, c31);
            var a4 = Vector256.Create(a[4]);
            c40 = Fma.MultiplyAdd(a4, b0, c40);
            c41 = Fma.MultiplyAdd(a4, b1, c41);
            var a5 = Vector256.Create(a[5]);
            c50 = Fma.MultiplyAdd(a5, b0, c50);
            c51 = Fma.MultiplyAdd(a5, b1, c51);
            a += 6;
            b += 16;
        }

        var va = Vector256.Create(alpha);
        if (beta == 0f)
        {
            Vector256.Store(c00 * va, c + (0 * ldc) + 0);
            Vector256.Store(c01 * va, c + (0 * ldc) + 8);
            Vector256.Store(c10 * va, c + (1 * ldc) + 0);
            Vector256.Store(c11 * va, c + (1 * ldc) + 8);
            Vector256.Store(c20 * va, c + (2 * ldc) + 0);
            Vector256.Store(c21 * va, c + (2 * ldc) + 8);
            Vector256.Store(c30 * va, c + (3 * ldc) + 0);
            Vector256.Store(c31 * va, c + (3 * ldc) + 8);
            Vector256.Store(c40 * va, c + (4 * ldc) + 0);
            Vector256.Store(c41 * va, c + (4 * ldc) + 8);
            Vector256.Store(c50 * va, c + (5 * ldc) + 0);
            Vector256.Store(c51 * va, c + (5 * ldc) + 8);
        }
        else
        {
            var vb = Vector256.Create(beta);
            Store(c + (0 * ldc) + 0, c00, va, vb);
            Store(c + (0 * ldc) + 8, c01, va, vb);
            Store(c + (1 * ldc) + 0, c10, va, vb);
            Store(c + (1 * ldc) + 8, c11, va, vb);
            Store(c + (2 * ldc) + 0, c20, va, vb);
            Store(c + (2 * ldc) + 8, c21, va, vb);
            Store(c + (3 * ldc) + 0, c30, va, vb);
            Store(c + (3 * ldc) + 8, c31, va, vb);
            Store(c + (4 * ldc) + 0, c40, va, vb);
            Store(c + (4 * ldc) + 8, c41, va, vb);
            Store(c + (5 * ldc) + 0, c50, va, vb);
            Store(c + (5 * ldc) + 8, c51, va, vb);
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Store(float* target, Vector256<float> ab, Vector256<float> alpha, Vector256<float> beta)
        => Vector256.Store(Fma.MultiplyAdd(beta, Vector256.Load(target), ab * alpha), target);
}
