using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;

namespace RobustGate.Engine.Kernels;

/// <summary>
/// Copies GEMM operands into the micro-kernel's panel layout: A as MR-row panels (for each k step, MR
/// consecutive row values), B as NR-column panels (for each k step, NR consecutive column values). Rows or
/// columns past the matrix edge are zero, so the kernel always runs a full tile.
/// </summary>
internal static unsafe class GemmPacking
{
    /// <summary>Packs op(A)[i0 .. i0+mr, p0 .. p0+kc] into one MR-row panel (mr &lt;= MR).</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void PackA(Transpose trans, float* a, nint lda, int i0, int mr, int p0, int kc, int panelRows, float* dst)
    {
        if (trans == Transpose.No)
        {
            // Row i of A is contiguous in k. A full 8-row panel is an 8 x 8 block transpose per 8 k steps
            // (the panel holds k step by k step, 8 floats each); the k tail, partial panels and other MR
            // walk each row once, scattering into the panel with stride MR.
            var p = 0;
            if (mr == 8 && panelRows == 8)
            {
                for (; p + 8 <= kc; p += 8)
                {
                    GemmTranspose8x8.Block(a + (i0 * lda) + p0 + p, lda, dst + (p * 8), 8);
                }
            }

            for (var r = 0; r < mr; r++)
            {
                var src = a + ((i0 + r) * lda) + p0;
                var d = dst + r;
                for (var q = p; q < kc; q++)
                {
                    d[q * panelRows] = src[q];
                }
            }
        }
        else if (mr == 8 && panelRows == 8 && Vector256.IsHardwareAccelerated)
        {
            var src = a + (p0 * lda) + i0;
            for (var p = 0; p < kc; p++)
            {
                Vector256.Store(Vector256.Load(src), dst + (p * 8));
                src += lda;
            }
        }
        else
        {
            for (var p = 0; p < kc; p++)
            {
                Buffer.MemoryCopy(a + ((p0 + p) * lda) + i0, dst + (p * panelRows), mr * sizeof(float), mr * sizeof(float));
            }
        }

        if (mr < panelRows)
        {
            for (var p = 0; p < kc; p++)
            {
                new Span<float>(dst + (p * panelRows) + mr, panelRows - mr).Clear();
            }
        }
    }

    /// <summary>Packs op(B)[p0 .. p0+kc, j0 .. j0+nr] into one NR-column panel (nr &lt;= NR).</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void PackB(Transpose trans, float* b, nint ldb, int p0, int kc, int j0, int nr, int panelCols, float* dst)
    {
        if (trans == Transpose.No)
        {
            if (nr == 32 && panelCols == 32 && Vector512.IsHardwareAccelerated)
            {
                // A full AVX-512 panel row is two vectors; a 128-byte memcpy call per k step cost more than the copy
                // (73k calls, a tenth of a 256 x 1024 x 2304 multiply).
                var src = b + (p0 * ldb) + j0;
                for (var p = 0; p < kc; p++)
                {
                    Vector512.Store(Vector512.Load(src), dst);
                    Vector512.Store(Vector512.Load(src + 16), dst + 16);
                    src += ldb;
                    dst += 32;
                }

                return;
            }

            var bytes = nr * sizeof(float);
            for (var p = 0; p < kc; p++)
            {
                Buffer.MemoryCopy(b + ((p0 + p) * ldb) + j0, dst + (p * panelCols), bytes, bytes);
            }
        }
        else
        {
            // Column j of op(B) is contiguous in k: 8 x 8 block transposes for whole groups of 8 columns and
            // 8 k steps, a strided scalar scatter for the rest.
            var jFull = nr & ~7;
            var kFull = kc & ~7;
            for (var j = 0; j < jFull; j += 8)
            {
                for (var p = 0; p < kFull; p += 8)
                {
                    GemmTranspose8x8.Block(b + ((j0 + j) * ldb) + p0 + p, ldb, dst + (p * panelCols) + j, panelCols);
                }
            }

            for (var j = 0; j < nr; j++)
            {
                var src = b + ((j0 + j) * ldb) + p0;
                var d = dst + j;
                for (var p = j < jFull ? kFull : 0; p < kc; p++)
                {
                    d[p * panelCols] = src[p];
                }
            }
        }

        if (nr < panelCols)
        {
            for (var p = 0; p < kc; p++)
            {
                new Span<float>(dst + (p * panelCols) + nr, panelCols - nr).Clear();
            }
        }
    }
}
