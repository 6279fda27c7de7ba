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
    private readonly bool directA;
    private readonly bool directB;
    private readonly float* bEdge;

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
        float* a, nint lda, float* b, nint ldb, float* c, nint ldc, float* aPack, float* bPack, float* bPrepacked,
        bool directB = false, float* bEdge = null)
    {
        this.directB = directB;
        this.bEdge = bEdge;
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
        directA = ReadsADirectly(blk.Kind, transA, n, lda);
    }

    /// <summary>
    /// Forces reading A unpacked (true) or packed (false) for every shape; null restores the choice by shape.
    /// Tests use it to show both paths give the same bits.
    /// </summary>
    internal static bool? DirectAOverride { get; set; }

    /// <summary>
    /// Whether the AVX-512 tiles read full A panels straight from the caller's matrix instead of a packed copy.
    /// Packing A costs a read and a write of the whole operand, paid back only when each panel is reused by
    /// many column panels, and measured here it rarely is: reading in place was as fast or faster on every
    /// convolution shape at 1 and 2 threads (a third faster on a 576 x 64 x 1024 weight gradient, where packing
    /// took 110 of 460 us). A as stored is read as 8 row streams; a transposed A gives 8 contiguous floats per k
    /// step, lda apart. The exception: a transposed A whose lda is a multiple of 1024 floats puts every k step of
    /// a panel 4 KiB apart, in one L1 set, and with more than <see cref="DirectAMaxColumns"/> columns to reuse it
    /// the packed panel wins (1024^3 TN: 83 % against 80 % of peak). Either way each C element gets the same
    /// FMAs in the same order, so results do not change.
    /// </summary>
    private static bool ReadsADirectly(GemmKernelKind kind, Transpose transA, int n, nint lda) =>
        kind == GemmKernelKind.Avx512
        && (DirectAOverride ?? (transA == Transpose.No || n <= DirectAMaxColumns || lda % 1024 != 0));

    /// <summary>Forces reading B as stored (true) or packed (false) where B can be read in place; null: by shape.</summary>
    internal static bool? DirectBOverride { get; set; }

    /// <summary>
    /// Whether the AVX-512 tiles read full 32-column panels of a B as stored (32 contiguous floats per k step, ldb
    /// apart) instead of packing B first. Like A's (see <see cref="ReadsADirectly"/>), B's packing is paid back by
    /// reuse, here over the row panels: with at most <see cref="DirectBMaxRows"/> rows each B element meets only a
    /// few 8-row panels, and packing it cost as much as the multiply on two threads (64 x 1176 x 288: 37 % of the
    /// 2-thread peak packed, 64 % in place; 64 x 12544 x 147: 63 % and 82 %). An ldb that is a multiple of 1024
    /// floats puts every k step 4 KiB apart, in one L1 set, and there packing wins (64 x 1024 x 64 on one thread:
    /// 80 % packed, 67 % in place). The same FMAs run in the same order either way.
    /// </summary>
    private static bool ReadsBDirectly(GemmKernelKind kind, Transpose transB, int m, nint ldb) =>
        kind == GemmKernelKind.Avx512 && transB == Transpose.No
        && (DirectBOverride ?? (m <= DirectBMaxRows && ldb % 1024 != 0));

    /// <summary>See <see cref="ReadsBDirectly"/>.</summary>
    internal const int DirectBMaxRows = 256;

    /// <summary>See <see cref="ReadsADirectly"/>.</summary>
    internal const int DirectAMaxColumns = 256;

    /// <summary>Runs the whole GEMM. Shapes and leading dimensions must already be validated.</summary>
    public static void Run(
        GemmKernelKind kind, Transpose transA, Transpose transB, int m, int n, int k, float alpha,
        float* a, nint lda, float* b, nint ldb, float beta, float* c, nint ldc, int threads)
    {
        GemmShapeRecorder.Record(transA, transB, m, n, k, false);
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

        if (GemmNarrowAvx512.Applies(kind, transA, n))
        {
            GemmNarrowAvx512.Run(transB, m, n, k, alpha, a, lda, b, ldb, beta, c, ldc, threads);
            return;
        }

        var blk = GemmBlocking.For(kind);
        var mPad = (long)((m + blk.MR - 1) / blk.MR) * blk.MR;
        using var aBuffer = ScratchPool.Rent(mPad * k);
        var whole = new PackedPanelLayout(k, n, blk.NR);
        if (whole.Length <= WholeBMaxFloats && ReadsBDirectly(kind, transB, m, ldb))
        {
            // Only the zero-padded last panel is packed (all of K, NR floats per k step).
            var edgeColumns = n % blk.NR;
            using var edge = ScratchPool.Rent(edgeColumns == 0 ? 0 : (long)k * blk.NR);
            if (edgeColumns != 0)
            {
                for (var p0 = 0; p0 < k; p0 += GemmBlocking.KC)
                {
                    GemmPacking.PackB(transB, b, ldb, p0, Math.Min(GemmBlocking.KC, k - p0), n - edgeColumns, edgeColumns, blk.NR, edge.Pointer + ((long)p0 * blk.NR));
                }
            }

            var directJob = new GemmDriver(blk, transA, transB, m, n, k, alpha, a, lda, b, ldb, c, ldc, aBuffer.Pointer, null, null, directB: true, bEdge: edge.Pointer);
            directJob.ExecuteWholeK(beta, threads);
            return;
        }

        if (whole.Length <= WholeBMaxFloats)
        {
            using var packed = ScratchPool.Rent(whole.Length);
            var wholeJob = new GemmDriver(blk, transA, transB, m, n, k, alpha, a, lda, b, ldb, c, ldc, aBuffer.Pointer, null, packed.Pointer);
            wholeJob.PackWholeB(threads);
            wholeJob.ExecuteWholeK(beta, threads);
            return;
        }

        var ncMax = Math.Min(blk.NC, n);
        var nPadMax = (long)((ncMax + blk.NR - 1) / blk.NR) * blk.NR;
        using var bBuffer = ScratchPool.Rent(nPadMax * Math.Min(GemmBlocking.KC, k));
        var job = new GemmDriver(blk, transA, transB, m, n, k, alpha, a, lda, b, ldb, c, ldc, aBuffer.Pointer, bBuffer.Pointer, null);
        job.Execute(beta, threads);
    }

    /// <summary>
    /// B operands up to this many packed floats (16 MiB) are packed whole, over all of K, before any tile runs
    /// (<see cref="ExecuteWholeK"/>); larger ones are packed one (NC, KC) block at a time.
    /// </summary>
    internal const long WholeBMaxFloats = 4L << 20;

    /// <summary>
    /// As <see cref="Run"/> with op(B) already packed by the caller in <see cref="PackedPanelLayout"/> for the
    /// best kernel (so a convolution can write its im2col columns straight into panels).
    /// </summary>
    public static void RunPrepackedB(
        Transpose transA, int m, int n, int k, float alpha, float* a, nint lda, float* packedB, float beta, float* c, nint ldc, int threads)
    {
        GemmShapeRecorder.Record(transA, Transpose.No, m, n, k, true);
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
        job.ExecuteWholeK(beta, threads);
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

    /// <summary>Packs op(B) over all of K into <see cref="bPrepacked"/> in <see cref="PackedPanelLayout"/>, one (KC block, panel) per item.</summary>
    private void PackWholeB(int threads)
    {
        var layout = new PackedPanelLayout(k, n, blk.NR);
        var panels = layout.PaddedN / blk.NR;
        var kBlocks = (k + GemmBlocking.KC - 1) / GemmBlocking.KC;
        ParallelLoop.For(panels * kBlocks, threads, [MethodImpl(MethodImplOptions.AggressiveOptimization)] (item) =>
        {
            var p0 = item / panels * GemmBlocking.KC;
            var j0 = item % panels * blk.NR;
            GemmPacking.PackB(transB, b, ldb, p0, Math.Min(GemmBlocking.KC, k - p0), j0, Math.Min(blk.NR, n - j0), blk.NR, bPrepacked + layout.Offset(p0, j0));
        });
    }

    /// <summary>
    /// The loop order once B is packed whole: each work item is a block of rows times at most
    /// <see cref="GemmBlocking.ColumnsPerTask"/> columns and runs all of K itself, KC block after KC block, its C
    /// tiles staying in L2 between them. One parallel loop (plus A's edge packing) instead of two per KC block:
    /// with the thread pool's or even a spinning team's fork and join, the per-block loops of a 576 x 64 x 1024
    /// weight gradient cost more than they saved. The KC blocks still add onto C in increasing k (beta, then 1),
    /// so every element is summed exactly as by <see cref="Execute"/>.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private void ExecuteWholeK(float beta, int threads)
    {
        if (!directA || m % blk.MR != 0)
        {
            ParallelLoop.For(mPanels, threads, PackAPanel);
        }

        var layout = new PackedPanelLayout(k, n, blk.NR);
        var panels = layout.PaddedN / blk.NR;
        var widest = GemmBlocking.ColumnsPerTask / blk.NR;
        var panelsPerChunk = Math.Min(widest, panels);
        var rowsPerTask = blk.MC;
        if (threads > 1)
        {
            // At least four items per thread: rows first (down to two tiles), then columns.
            var wanted = 4 * threads;
            var chunks = (panels + panelsPerChunk - 1) / panelsPerChunk;
            var rowBlocks = Math.Max(1, (wanted + chunks - 1) / chunks);
            rowsPerTask = Math.Clamp(((m + rowBlocks - 1) / rowBlocks + blk.MR - 1) / blk.MR * blk.MR, 2 * blk.MR, blk.MC);
            var mBlocksNow = (m + rowsPerTask - 1) / rowsPerTask;
            if (mBlocksNow * chunks < wanted)
            {
                var wantedChunks = (wanted + mBlocksNow - 1) / mBlocksNow;
                panelsPerChunk = Math.Clamp((panels + wantedChunks - 1) / wantedChunks, 1, widest);
            }
        }

        var nChunks = (panels + panelsPerChunk - 1) / panelsPerChunk;
        var mBlocks = (m + rowsPerTask - 1) / rowsPerTask;
        ParallelLoop.For(mBlocks * nChunks, threads, [MethodImpl(MethodImplOptions.AggressiveOptimization)] (task) =>
        {
            var iStart = task / nChunks * rowsPerTask;
            var iEnd = Math.Min(m, iStart + rowsPerTask);
            var jStart = task % nChunks * panelsPerChunk * blk.NR;
            var jEnd = Math.Min(n, jStart + (panelsPerChunk * blk.NR));
            for (var p0 = 0; p0 < k; p0 += GemmBlocking.KC)
            {
                var kcb = Math.Min(GemmBlocking.KC, k - p0);
                Tiles(iStart, iEnd, jStart, jEnd, n, p0, kcb, p0 == 0 ? beta : 1f, bPrepacked + layout.Offset(p0, 0), 0);
            }
        });
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
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

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private void PackAPanel(int panel)
    {
        var i0 = panel * blk.MR;
        var mr = Math.Min(blk.MR, m - i0);
        if (directA && mr == blk.MR)
        {
            // Full panels are read in place (see ReadsADirectly); only the zero-padded edge panel is packed.
            return;
        }

        var mPad = (long)mPanels * blk.MR;
        for (var p0 = 0; p0 < k; p0 += GemmBlocking.KC)
        {
            var kcb = Math.Min(GemmBlocking.KC, k - p0);
            var dst = aPack + (mPad * p0) + ((long)panel * blk.MR * kcb);
            GemmPacking.PackA(transA, a, lda, i0, mr, p0, kcb, blk.MR, dst);
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
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
        var jStart = task % nChunks * columnsPerTask;
        Tiles(iStart, Math.Min(m, iStart + blk.MC), jStart, Math.Min(nc, jStart + columnsPerTask), nc, pc, kc, blockBeta, bBlock, jc);
    }

    /// <summary>
    /// The register tiles of rows [iStart, iEnd) x block columns [jStart, jEnd) for one KC block: B panels from
    /// <paramref name="bBlock"/> (the block's packed panels, column 0 of the block first), C columns offset by
    /// <paramref name="cColumn"/>.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private void Tiles(int iStart, int iEnd, int jStart, int jEnd, int nc, int pc, int kc, float blockBeta, float* bBlock, int cColumn)
    {
        var mPad = (long)mPanels * blk.MR;
        var aBlock = aPack + (mPad * pc);
        var tile = stackalloc float[GemmMicroKernelAvx512.MR * GemmMicroKernelAvx512.NR];
        for (var j = jStart; j < jEnd; j += blk.NR)
        {
            var nr = Math.Min(blk.NR, nc - j);
            float* bPanel;
            nint bStep = blk.NR;
            if (!directB)
            {
                bPanel = bBlock + ((long)(j / blk.NR) * blk.NR * kc);
            }
            else if (nr == blk.NR)
            {
                bPanel = b + (pc * ldb) + j;
                bStep = ldb;
            }
            else
            {
                bPanel = bEdge + ((long)pc * blk.NR);
            }

            for (var i = iStart; i < iEnd; i += blk.MR)
            {
                var aPanel = aBlock + ((long)(i / blk.MR) * blk.MR * kc);
                var mr = Math.Min(blk.MR, m - i);
                var cTile = c + (i * ldc) + cColumn + j;
                var direct = directA && mr == blk.MR;
                if (mr == blk.MR && nr == blk.NR)
                {
                    if (direct)
                    {
                        RunDirectKernel(i, pc, kc, bPanel, bStep, cTile, ldc, alpha, blockBeta);
                    }
                    else
                    {
                        RunKernel(kc, aPanel, bPanel, bStep, cTile, ldc, alpha, blockBeta);
                    }
                }
                else
                {
                    // Edge tile: compute the full padded tile into scratch, then combine the valid part
                    // with the same formula the kernels use (alpha * ab, then fma(beta, c, .)).
                    if (direct)
                    {
                        RunDirectKernel(i, pc, kc, bPanel, bStep, tile, blk.NR, 1f, 0f);
                    }
                    else
                    {
                        RunKernel(kc, aPanel, bPanel, bStep, tile, blk.NR, 1f, 0f);
                    }

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

    /// <summary>The AVX-512 tile on rows i .. i + 8 of op(A) as stored: 8 rows of A, or 8 contiguous columns of a transposed A.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private void RunDirectKernel(int i, int pc, int kc, float* bPanel, nint bStep, float* cTile, nint ldcTile, float alphaTile, float betaTile)
    {
        if (transA == Transpose.No)
        {
            GemmMicroKernelAvx512.RunRows(kc, a + (i * lda) + pc, lda, bPanel, bStep, cTile, ldcTile, alphaTile, betaTile);
        }
        else
        {
            GemmMicroKernelAvx512.Run(kc, a + (pc * lda) + i, lda, bPanel, bStep, cTile, ldcTile, alphaTile, betaTile);
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private void RunKernel(int kc, float* aPanel, float* bPanel, nint bStep, float* cTile, nint ldcTile, float alphaTile, float betaTile)
    {
        switch (blk.Kind)
        {
            case GemmKernelKind.Avx512:
                GemmMicroKernelAvx512.Run(kc, aPanel, GemmMicroKernelAvx512.MR, bPanel, bStep, cTile, ldcTile, alphaTile, betaTile);
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
