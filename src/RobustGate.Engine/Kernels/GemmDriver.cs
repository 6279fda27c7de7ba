using System.Runtime.CompilerServices;

namespace RobustGate.Engine.Kernels;

/// <summary>
/// One packed, cache-blocked SGEMM call: C = alpha * op(A) * op(B) + beta * C on raw row-major pointers.
/// A is packed once for the whole call (all KC blocks); B is packed per (NC, KC) block and shared by the
/// workers; the workers then run register tiles over their own (MC rows x at most
/// <see cref="GemmBlocking.ColumnsPerTask"/> columns) regions of C. Work is split over M and N only, so results do not depend on the thread count.
/// </summary>
internal sealed unsafe class GemmDriver
{
    private readonly GemmBlocking blk;
    private readonly Transpose transA;
    private readonly Transpose transB;
    private readonly int m;
    private readonly int n;
    private readonly int k;
    private readonly float alpha;
    private readonly float* a;
    private readonly nint lda;
    private readonly float* b;
    private readonly nint ldb;
    private readonly float* c;
    private readonly nint ldc;
    private readonly int mPanels;
    private readonly float* aPack;
    private readonly float* bPack;
    private readonly float* bPrepacked;

    // The current (jc, pc) block, set by the coordinating thread between parallel phases.
    private int jc;
    private int nc;
    private int pc;
    private int kc;
    private float blockBeta;
    private float* bBlock;
    private int columnsPerTask;

    private GemmDriver(
        GemmBlocking blk, Transpose transA, Transpose transB, int m, int n, int k, float alpha,
        float* a, nint lda, float* b, nint ldb, float* c, nint ldc, float* aPack, float* bPack, float* bPrepacked)
    {
        this.blk = blk;
        this.transA = transA;
        this.transB = transB;
        this.m = m;
        this.n = n;
        this.k = k;
        this.alpha = alpha;
        this.a = a;
        this.lda = lda;
        this.b = b;
        this.ldb = ldb;
        this.c = c;
        this.ldc = ldc;
        this.aPack = aPack;
        this.bPack = bPack;
        this.bPrepacked = bPrepacked;
        mPanels = (m + blk.MR - 1) / blk.MR;
    }

    /// <summary>Runs the whole GEMM. Shapes and leading dimensions must already be validated.</summary>
    public static void Run(
        GemmKernelKind kind, Transpose transA, Transpose transB, int m, int n, int k, float alpha,
        float* a, nint lda, float* b, nint ldb, float beta, float* c, nint ldc, int threads)
    {
        if (m == 0 || n == 0)
        {
            return;
        }

        if (k == 0)
        {
            ScaleC(m, n, beta, c, ldc);
            return;
        }

        if (2L * m * n * k < GemmBlocking.ParallelThresholdFlops)
        {
            threads = 1;
        }

        var blk = GemmBlocking.For(kind);
        var mPad = (long)((m + blk.MR - 1) / blk.MR) * blk.MR;
        var ncMax = Math.Min(blk.NC, n);
        var nPadMax = (long)((ncMax + blk.NR - 1) / blk.NR) * blk.NR;
        using var aBuffer = ScratchPool.Rent(mPad * k);
        using var bBuffer = ScratchPool.Rent(nPadMax * Math.Min(GemmBlocking.KC, k));
        var job = new GemmDriver(blk, transA, transB, m, n, k, alpha, a, lda, b, ldb, c, ldc, aBuffer.Pointer, bBuffer.Pointer, null);
        job.Execute(beta, threads);
    }

    /// <summary>
    /// As <see cref="Run"/> with op(B) already packed by the caller in <see cref="PackedPanelLayout"/> for the
    /// best kernel (so a convolution can write its im2col columns straight into panels).
    /// </summary>
    public static void RunPrepackedB(
        Transpose transA, int m, int n, int k, float alpha, float* a, nint lda, float* packedB, float beta, float* c, nint ldc, int threads)
    {
        if (m == 0 || n == 0)
        {
            return;
        }

        if (k == 0)
        {
            ScaleC(m, n, beta, c, ldc);
            return;
        }

        if (2L * m * n * k < GemmBlocking.ParallelThresholdFlops)
        {
            threads = 1;
        }

        var blk = GemmBlocking.For(GemmBlocking.BestKind);
        var mPad = (long)((m + blk.MR - 1) / blk.MR) * blk.MR;
        using var aBuffer = ScratchPool.Rent(mPad * k);
        var job = new GemmDriver(blk, transA, Transpose.No, m, n, k, alpha, a, lda, null, 0, c, ldc, aBuffer.Pointer, null, packedB);
        job.Execute(beta, threads);
    }

    private static void ScaleC(int m, int n, float beta, float* c, nint ldc)
    {
        for (var i = 0; i < m; i++)
        {
            var row = new Span<float>(c + (i * ldc), n);
            if (beta == 0f)
            {
                row.Clear();
            }
            else if (beta != 1f)
            {
                System.Numerics.Tensors.TensorPrimitives.Multiply(row, beta, row);
            }
        }
    }

    private void Execute(float beta, int threads)
    {
        Action<int> packA = PackAPanel;
        Action<int> packB = PackBPanel;
        Action<int> macro = MacroTask;
        ParallelLoop.For(mPanels, threads, packA);
        var mBlocks = (m + blk.MC - 1) / blk.MC;
        for (jc = 0; jc < n; jc += blk.NC)
        {
            nc = Math.Min(blk.NC, n - jc);
            var nPanels = (nc + blk.NR - 1) / blk.NR;
            columnsPerTask = ColumnsPerTask(nc, mBlocks, threads);
            var nChunks = (nc + columnsPerTask - 1) / columnsPerTask;
            for (pc = 0; pc < k; pc += GemmBlocking.KC)
            {
                kc = Math.Min(GemmBlocking.KC, k - pc);

                // Later KC blocks add onto what the first one stored, in increasing k: a fixed order.
                blockBeta = pc == 0 ? beta : 1f;
                if (bPrepacked == null)
                {
                    bBlock = bPack;
                    ParallelLoop.For(nPanels, threads, packB);
                }
                else
                {
                    bBlock = bPrepacked + new PackedPanelLayout(k, n, blk.NR).Offset(pc, jc);
                }

                ParallelLoop.For(mBlocks * nChunks, threads, macro);
            }
        }
    }

    /// <summary>
    /// Columns per work item: whole NR panels, at most <see cref="GemmBlocking.ColumnsPerTask"/>, and narrower when
    /// there are few MC blocks, so that every thread gets several items (M = 64 with N = 576 would otherwise be
    /// three items for two threads). Which thread computes a tile never changes its value.
    /// </summary>
    private int ColumnsPerTask(int columns, int mBlocks, int threads)
    {
        var widest = GemmBlocking.ColumnsPerTask / blk.NR;
        if (threads <= 1)
        {
            return widest * blk.NR;
        }

        var panels = (columns + blk.NR - 1) / blk.NR;
        var wantedChunks = Math.Max(1, ((4 * threads) + mBlocks - 1) / mBlocks);
        var panelsPerChunk = Math.Clamp((panels + wantedChunks - 1) / wantedChunks, 1, widest);
        return panelsPerChunk * blk.NR;
    }

    private void PackAPanel(int panel)
    {
        var i0 = panel * blk.MR;
        var mr = Math.Min(blk.MR, m - i0);
        var mPad = (long)mPanels * blk.MR;
        for (var p0 = 0; p0 < k; p0 += GemmBlocking.KC)
        {
            var kcb = Math.Min(GemmBlocking.KC, k - p0);
            var dst = aPack + (mPad * p0) + ((long)panel * blk.MR * kcb);
            GemmPacking.PackA(transA, a, lda, i0, mr, p0, kcb, blk.MR, dst);
        }
    }

    private void PackBPanel(int panel)
    {
        var j0 = panel * blk.NR;
        var nr = Math.Min(blk.NR, nc - j0);
        GemmPacking.PackB(transB, b, ldb, pc, kc, jc + j0, nr, blk.NR, bPack + ((long)panel * blk.NR * kc));
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private void MacroTask(int task)
    {
        var nChunks = (nc + columnsPerTask - 1) / columnsPerTask;
        var iStart = task / nChunks * blk.MC;
        var iEnd = Math.Min(m, iStart + blk.MC);
        var jStart = task % nChunks * columnsPerTask;
        var jEnd = Math.Min(nc, jStart + columnsPerTask);
        var mPad = (long)mPanels * blk.MR;
        var aBlock = aPack + (mPad * pc);
        var tile = stackalloc float[GemmMicroKernelAvx512.MR * GemmMicroKernelAvx512.NR];
        for (var j = jStart; j < jEnd; j += blk.NR)
        {
            var bPanel = bBlock + ((long)(j / blk.NR) * blk.NR * kc);
            var nr = Math.Min(blk.NR, nc - j);
            for (var i = iStart; i < iEnd; i += blk.MR)
            {
                var aPanel = aBlock + ((long)(i / blk.MR) * blk.MR * kc);
                var mr = Math.Min(blk.MR, m - i);
                var cTile = c + (i * ldc) + jc + j;
                if (mr == blk.MR && nr == blk.NR)
                {
                    RunKernel(aPanel, bPanel, cTile, ldc, alpha, blockBeta);
                }
                else
                {
                    // Edge tile: compute the full padded tile into scratch, then combine the valid part
                    // with the same formula the kernels use (alpha * ab, then fma(beta, c, .)).
                    RunKernel(aPanel, bPanel, tile, blk.NR, 1f, 0f);
                    for (var r = 0; r < mr; r++)
                    {
                        var cRow = cTile + (r * ldc);
                        for (var q = 0; q < nr; q++)
                        {
                            var scaled = tile[(r * blk.NR) + q] * alpha;
                            cRow[q] = blockBeta == 0f ? scaled : MathF.FusedMultiplyAdd(blockBeta, cRow[q], scaled);
                        }
                    }
                }
            }
        }
    }

    private void RunKernel(float* aPanel, float* bPanel, float* cTile, nint ldcTile, float alphaTile, float betaTile)
    {
        switch (blk.Kind)
        {
            case GemmKernelKind.Avx512:
                GemmMicroKernelAvx512.Run(kc, aPanel, bPanel, cTile, ldcTile, alphaTile, betaTile);
                break;
            case GemmKernelKind.Avx2:
                GemmMicroKernelAvx2.Run(kc, aPanel, bPanel, cTile, ldcTile, alphaTile, betaTile);
                break;
            default:
                GemmMicroKernelScalar.Run(kc, aPanel, bPanel, cTile, ldcTile, alphaTile, betaTile);
                break;
        }
    }
}
