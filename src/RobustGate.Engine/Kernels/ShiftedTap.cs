using System.Collections.Concurrent;
using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace RobustGate.Engine.Kernels;

/// <summary>
/// One kernel tap of a stride-1 convolution whose output is as wide as its input ("same" width): output pixel p
/// reads input pixel p + delta, so the tap's column-matrix row is the channel's plane shifted by delta with the
/// padding masked to zero. Sixteen pixels are one AVX-512 load and a column mask whatever the row width, where the
/// general im2col copies each output row (14 px for a 14 x 14 map) as up to three short runs: for smallcnn's
/// 32 -> 64 convolution at 14 x 14 that per-run overhead cost more than the GEMM (5.5 ms against 4.7 ms at batch
/// 128, one thread; 1.8 ms this way). Lanes outside the image, the valid rows or the valid columns are never
/// dereferenced (masked loads suppress their faults), so the shifted pointer may point before or after the plane.
/// </summary>
internal readonly unsafe ref struct ShiftedTap
{
    private readonly float* source;
    private readonly int* columnMask;
    private readonly int width;
    private readonly int step;
    private readonly Vector512<int> firstValid;
    private readonly Vector512<int> endValid;

    /// <param name="g">The convolution; <see cref="Applies"/> must hold.</param>
    /// <param name="plane">The input channel's [H, W] plane.</param>
    /// <param name="r">Tap row.</param>
    /// <param name="s">Tap column.</param>
    /// <param name="columnMask">Tap column s's mask: <see cref="ColumnMasks"/> + s * <see cref="ColumnMaskLength"/>.</param>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public ShiftedTap(in ConvGeometry g, float* plane, int r, int s, int* columnMask)
    {
        width = g.OutW;
        step = Vector512<float>.Count % width;
        var rowOffset = (r * g.DilationH) - g.PadH;
        var y0 = Math.Clamp(-rowOffset, 0, g.OutH);
        var y1 = Math.Clamp(g.InH - rowOffset, y0, g.OutH);
        firstValid = Vector512.Create(y0 * width);
        endValid = Vector512.Create(y1 * width);
        var delta = (rowOffset * g.InW) + (s * g.DilationW) - g.PadW;
        source = plane + delta;
        this.columnMask = columnMask;
        InteriorStart = Math.Max(Math.Max(y0 * width, -delta), 0);
        InteriorEnd = Math.Min(Math.Min(y1 * width, (g.InH * g.InW) - delta), g.OutH * width);
    }

    /// <summary>
    /// Pixels [InteriorStart, InteriorEnd) lie in valid rows of this image and read inside the plane, so
    /// <see cref="LoadInterior"/> may load them without a row test or fault suppression.
    /// </summary>
    public int InteriorStart { get; }

    /// <summary>See <see cref="InteriorStart"/>.</summary>
    public int InteriorEnd { get; }

    /// <summary>Ints one tap column's mask takes.</summary>
    public static int ColumnMaskLength(in ConvGeometry g) => g.OutW + Vector512<int>.Count;

    /// <summary>
    /// The column masks of every tap column, s after s: entry q of column s's mask is all ones when output column
    /// q mod OutW reads inside the input, so the mask of sixteen pixels from column x is the sixteen entries from x.
    /// They depend on five geometry fields only, so they are built once per layer shape, pinned, and shared
    /// read-only by every call, image and channel: refilling them per call cost a fifth of the expansion, and
    /// loading vectors straight after the scalar stores that wrote them stalled on store forwarding.
    /// </summary>
    public static int[] ColumnMasks(in ConvGeometry g)
        => MaskCache.GetOrAdd((g.InW, g.OutW, g.KernelW, g.PadW, g.DilationW), key => BuildColumnMasks(key.InW, key.OutW, key.KernelW, key.PadW, key.DilationW));

    /// <summary>
    /// Built masks by the only fields they depend on: a convolution runs every step with the same few layer shapes,
    /// so each pass reuses its masks instead of allocating pinned ones per call.
    /// </summary>
    private static readonly ConcurrentDictionary<(int InW, int OutW, int KernelW, int PadW, int DilationW), int[]> MaskCache = new();

    private static int[] BuildColumnMasks(int inW, int outW, int kernelW, int padW, int dilationW)
    {
        var length = outW + Vector512<int>.Count;
        var masks = GC.AllocateUninitializedArray<int>(kernelW * length, pinned: true);
        for (var s = 0; s < kernelW; s++)
        {
            var offset = (s * dilationW) - padW;
            var x0 = Math.Clamp(-offset, 0, outW);
            var x1 = Math.Clamp(inW - offset, x0, outW);
            for (int q = 0, x = 0; q < length; q++)
            {
                masks[(s * length) + q] = x >= x0 && x < x1 ? -1 : 0;
                if (++x == outW)
                {
                    x = 0;
                }
            }
        }

        return masks;
    }

    /// <summary>Whether the shifted form applies: AVX-512, stride 1 and an output exactly as wide as the input.</summary>
    public static bool Applies(in ConvGeometry g)
        => Avx512F.IsSupported && g.StrideH == 1 && g.StrideW == 1 && g.OutW == g.InW;

    /// <summary>The column of output pixel p (p may be negative): the <c>phase</c> <see cref="Load"/> starts with.</summary>
    public int PhaseOf(int p) => ((p % width) + width) % width;

    /// <summary>The next phase after sixteen pixels, without a division in the loop.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public int Advance(int phase)
    {
        // step = 16 mod width, so one conditional subtraction (a cmov, not a data-dependent branch) wraps it.
        phase += step;
        return phase >= width ? phase - width : phase;
    }

    /// <summary>
    /// Column-matrix values of output pixels p .. p + 15, whose first sits in column <paramref name="phase"/>
    /// (p may be negative or run past the image: those lanes are zero).
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private Vector512<float> Load(int p, int phase)
    {
        var lanes = Vector512.Create(p) + Vector512<int>.Indices;
        var valid = Vector512.Load(columnMask + phase)
            & Vector512.GreaterThanOrEqual(lanes, firstValid)
            & Vector512.LessThan(lanes, endValid);
        return Avx512F.MaskLoad(source + p, valid.AsSingle(), Vector512<float>.Zero);
    }

    /// <summary>
    /// The col2im step of this tap: adds lanes of <paramref name="value"/> (column-matrix values of pixels
    /// p .. p + 15) to the input-plane pixels they came from, where valid; every other pixel keeps its bits.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public void AddBack(int p, int phase, Vector512<float> value)
    {
        var column = Vector512.Load(columnMask + phase).AsSingle();
        if (p >= InteriorStart && p <= InteriorEnd - Vector512<float>.Count)
        {
            var current = Vector512.Load(source + p);
            Vector512.ConditionalSelect(column, current + value, current).Store(source + p);
        }
        else
        {
            var lanes = Vector512.Create(p) + Vector512<int>.Indices;
            var valid = column
                & Vector512.GreaterThanOrEqual(lanes, firstValid).AsSingle()
                & Vector512.LessThan(lanes, endValid).AsSingle();
            var current = Avx512F.MaskLoad(source + p, valid, Vector512<float>.Zero);
            Avx512F.MaskStore(source + p, valid, current + value);
        }
    }

    /// <summary>Lanes p .. p + 15 of a column-matrix row, zero past <paramref name="pixels"/> (the next image's columns, or the end of the buffer).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<float> LoadRow(float* row, int p, int pixels)
    {
        if (p <= pixels - Vector512<float>.Count)
        {
            return Vector512.Load(row + p);
        }

        var inside = Vector512.LessThan(Vector512.Create(p) + Vector512<int>.Indices, Vector512.Create(pixels));
        return Avx512F.MaskLoad(row + p, inside.AsSingle(), Vector512<float>.Zero);
    }

    /// <summary><see cref="Load"/> for p .. p + 15 inside [<see cref="InteriorStart"/>, <see cref="InteriorEnd"/>): a plain load and the column mask.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private Vector512<float> LoadInterior(int p, int phase)
        => Vector512.Load(source + p) & Vector512.Load(columnMask + phase).AsSingle();

    /// <summary>
    /// Pixels p .. p + 15 of the tap row: <see cref="LoadInterior"/> inside the interior, <see cref="Load"/>
    /// at the image's edges, both giving the same values.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public Vector512<float> LoadAny(int p, int phase)
        => p >= InteriorStart && p <= InteriorEnd - Vector512<float>.Count ? LoadInterior(p, phase) : Load(p, phase);

    /// <summary>Writes lanes p .. p + 15 that fall inside [0, pixels), the others left untouched (images beside this one may be written concurrently).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void Store(Vector512<float> value, float* destination, int p, int pixels)
    {
        if (p >= 0 && p <= pixels - Vector512<float>.Count)
        {
            value.Store(destination);
        }
        else
        {
            var lanes = Vector512.Create(p) + Vector512<int>.Indices;
            var inside = Vector512.GreaterThanOrEqual(lanes, Vector512<int>.Zero) & Vector512.LessThan(lanes, Vector512.Create(pixels));
            Avx512F.MaskStore(destination, inside.AsSingle(), value);
        }
    }
}
