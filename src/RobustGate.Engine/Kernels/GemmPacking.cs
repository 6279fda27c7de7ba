using System.Runtime.CompilerServices;

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
            // Row i of A is contiguous in k: walk each row once, scattering into the panel with stride MR.
            for (var r = 0; r < mr; r++)
            {
                var src = a + ((i0 + r) * lda) + p0;
                var d = dst + r;
                for (var p = 0; p < kc; p++)
                {
                    d[p * panelRows] = src[p];
                }
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
            var bytes = nr * sizeof(float);
            for (var p = 0; p < kc; p++)
            {
                Buffer.MemoryCopy(b + ((p0 + p) * ldb) + j0, dst + (p * panelCols), bytes, bytes);
            }
        }
        else
        {
            for (var j = 0; j < nr; j++)
            {
                var src = b + ((j0 + j) * ldb) + p0;
                var d = dst + j;
                for (var p = 0; p < kc; p++)
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
