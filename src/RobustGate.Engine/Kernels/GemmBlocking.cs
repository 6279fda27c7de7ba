using System.Runtime.Intrinsics.X86;

namespace RobustGate.Engine.Kernels;

/// <summary>
/// Tile and cache-block sizes of the packed GEMM (BLIS loop order: jc over NC columns, pc over KC of the
/// shared dimension, ic over MC rows, then NR x MR register tiles).
/// <list type="bullet">
/// <item>KC = 256: a packed B micro-panel (KC x NR = 256 x 32 floats = 32 KiB) stays in the 48 KiB L1 of
/// Zen 5 while the kernel streams every A micro-panel of the block past it.</item>
/// <item>MC ~ 128 rows: the packed A block (MC x KC = 128 KiB) lives in the 1 MiB L2.</item>
/// <item>NC = 4096 columns: the packed B block (KC x NC = 4 MiB) lives in L3.</item>
/// <item>The parallel work item is one MC-row block times at most <see cref="ColumnsPerTask"/> columns; K is never
/// split, so each C element is accumulated in the same order at any thread count.</item>
/// </list>
/// What <see cref="GemmDriver"/> does with these on AVX-512, measured on the shapes the models' convolutions issue
/// (<c>robustgate bench --profile</c> lists them): a B of up to 16 Mi packed floats is packed whole, over all of
/// K, and each work item then runs all of its KC blocks itself (one parallel loop per call, C tiles kept in L2);
/// rows are cut finer than MC when there are fewer than four items per thread. Packing is skipped where its
/// cost, a read and a write of the operand, is not paid back by reuse: A is read in place (8 row streams, or 8
/// contiguous floats per k step when transposed), B for up to 256 rows; lda or ldb multiples of 1024 floats are
/// still packed (every k step 4 KiB apart, in one L1 set). Outputs of at most 16 columns take the 16 x 16 tile
/// of <see cref="GemmNarrowAvx512"/>. None of these choices changes a result: every path feeds each C element
/// the same FMAs in the same order.
/// Every kernel accumulates each C element over k in order with FMAs, in the same KC blocks, so results are
/// bit-identical across kernels (AVX-512, AVX2, scalar) as well as across thread counts.
/// The AVX-512 tile is 8 x 32: 16 accumulators hide the 4-cycle FMA latency of two FMA pipes with room to
/// spare, and per k step it issues 16 FMAs for 2 vector loads + 8 broadcasts, which the load ports sustain.
/// NR is a power of two for every kernel (cheap panel addressing in <see cref="PackedPanelLayout"/>).
/// The AVX2 tile is 6 x 16: 12 accumulators + 2 B vectors + 1 broadcast fit the 16 ymm registers.
/// </summary>
internal readonly record struct GemmBlocking(GemmKernelKind Kind, int MR, int NR, int MC, int NC)
{
    /// <summary>The same for every kernel, so that callers can pre-pack B (see <see cref="PackedPanelLayout"/>).</summary>
    public const int KC = 256;

    public const int ColumnsPerTask = 256;

    /// <summary>Problems below this many flops run on one thread: the fork/join would cost more than it saves.</summary>
    public const long ParallelThresholdFlops = 4_000_000;

    public static GemmKernelKind BestKind =>
        Avx512F.IsSupported ? GemmKernelKind.Avx512
        : Avx2.IsSupported && Fma.IsSupported ? GemmKernelKind.Avx2
        : GemmKernelKind.Scalar;

    public static GemmBlocking For(GemmKernelKind kind) => kind switch
    {
        GemmKernelKind.Avx512 => new GemmBlocking(kind, 8, 32, 128, 4096),
        GemmKernelKind.Avx2 => new GemmBlocking(kind, 6, 16, 120, 4096),
        GemmKernelKind.Scalar => new GemmBlocking(kind, 4, 8, 128, 4096),
        _ => throw new ArgumentOutOfRangeException(nameof(kind)),
    };
}
