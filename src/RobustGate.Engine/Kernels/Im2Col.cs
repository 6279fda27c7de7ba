using System.Numerics;
using System.Numerics.Tensors;
using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace RobustGate.Engine.Kernels;

/// <summary>
/// The column-matrix view of a convolution input: row (c, r, s) and column (y, x) hold the input pixel that
/// kernel tap (r, s) of channel c sees at output position (y, x), zero where that falls in the padding.
/// <see cref="ExpandPacked"/> builds it (im2col) as a GEMM's packed B operand, <see cref="Expand"/>
/// builds it as plain rows (for the weight gradient), and <see cref="Accumulate"/> adds a column matrix
/// back onto an image (col2im), the adjoint used by the gradient with respect to the input.
/// </summary>
internal static unsafe class Im2Col
{
    /// <summary>
    /// Writes the column-matrix rows of channel <paramref name="channel"/> of one image (<paramref name="image"/>
    /// points at its [C, H, W] data) straight into GEMM panel layout as operand rows from
    /// <paramref name="firstRow"/> and columns from <paramref name="firstColumn"/>, so the GEMM need not pack it.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    /// <param name="columnMasks">Where <see cref="ShiftedTap.Applies"/>, the convolution's <see cref="ShiftedTap.ColumnMasks"/> for the vector path; null takes the general path.</param>
    public static void ExpandPacked(in ConvGeometry g, float* image, int channel, float* packed, in PackedPanelLayout layout, int firstRow, int firstColumn, int* columnMasks = null)
    {
        if (columnMasks != null && layout.NR % Vector512<float>.Count == 0)
        {
            ExpandPackedShifted(g, image, channel, packed, layout, firstRow, firstColumn, columnMasks);
            return;
        }

        int oh = g.OutH, ow = g.OutW, nr = layout.NR, nrShift = BitOperations.Log2((uint)nr);
        var plane = image + ((long)channel * g.InH * g.InW);
        for (var r = 0; r < g.KernelH; r++)
        {
            for (var s = 0; s < g.KernelW; s++)
            {
                var (rowStart, panelStride) = layout.Row(firstRow + (r * g.KernelW) + s);
                var row = packed + rowStart;
                var offsetX = (s * g.DilationW) - g.PadW;
                var (x0, x1) = ValidRange(offsetX, g.StrideW, g.InW, ow);
                for (var y = 0; y < oh; y++)
                {
                    var iy = (y * g.StrideH) - g.PadH + (r * g.DilationH);
                    var inside = (uint)iy < (uint)g.InH;
                    var src = plane + (inside ? iy * g.InW : 0) + offsetX;
                    var j = firstColumn + (y * ow);
                    var x = 0;
                    while (x < ow)
                    {
                        // One run per panel: destination floats are consecutive within it.
                        var lane = j & (nr - 1);
                        var length = Math.Min(nr - lane, ow - x);
                        var dst = row + ((j >> nrShift) * panelStride) + lane; // NR is a power of two: no division per run

                        // Within the run: zeros left of the image, the valid pixels, zeros right of it.
                        var lo = inside ? Math.Clamp(x0 - x, 0, length) : length;
                        var hi = inside ? Math.Clamp(x1 - x, lo, length) : length;
                        if (lo > 0)
                        {
                            new Span<float>(dst, lo).Clear();
                        }

                        if (g.StrideW == 1)
                        {
                            new ReadOnlySpan<float>(src + x + lo, hi - lo).CopyTo(new Span<float>(dst + lo, hi - lo));
                        }
                        else if (g.StrideW == 2 && Avx512F.IsSupported)
                        {
                            CopyEven(src + ((x + lo) * 2), dst + lo, hi - lo);
                        }
                        else
                        {
                            var from = src + ((x + lo) * g.StrideW);
                            for (var t = lo; t < hi; t++, from += g.StrideW)
                            {
                                dst[t] = *from;
                            }
                        }

                        if (hi < length)
                        {
                            new Span<float>(dst + hi, length - hi).Clear();
                        }

                        x += length;
                        j += length;
                    }
                }
            }
        }
    }

    /// <summary>
    /// Writes the column-matrix rows of channel <paramref name="channel"/> of one image as plain row-major rows:
    /// row (r, s) of the channel at <paramref name="rows"/> + (r * S + s) * <paramref name="ld"/>, output pixels
    /// from <paramref name="firstColumn"/> on. The weight gradient uses this matrix as the GEMM's A operand,
    /// whose packing turns it into panels with 8 x 8 vector transposes.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    /// <param name="columnMasks">As for <see cref="ExpandPacked"/>.</param>
    public static void Expand(in ConvGeometry g, float* image, int channel, float* rows, nint ld, int firstColumn, int* columnMasks = null)
    {
        if (columnMasks != null)
        {
            ExpandShifted(g, image, channel, rows, ld, firstColumn, columnMasks);
            return;
        }

        int oh = g.OutH, ow = g.OutW;
        var plane = image + ((long)channel * g.InH * g.InW);
        for (var r = 0; r < g.KernelH; r++)
        {
            for (var s = 0; s < g.KernelW; s++)
            {
                var row = rows + (((r * g.KernelW) + s) * ld) + firstColumn;
                var offsetX = (s * g.DilationW) - g.PadW;
                var (x0, x1) = ValidRange(offsetX, g.StrideW, g.InW, ow);
                for (var y = 0; y < oh; y++)
                {
                    var dst = row + (y * ow);
                    var iy = (y * g.StrideH) - g.PadH + (r * g.DilationH);
                    if ((uint)iy >= (uint)g.InH || x0 >= x1)
                    {
                        new Span<float>(dst, ow).Clear();
                        continue;
                    }

                    var src = plane + (iy * g.InW) + offsetX;
                    if (x0 > 0)
                    {
                        new Span<float>(dst, x0).Clear();
                    }

                    if (g.StrideW == 1)
                    {
                        new ReadOnlySpan<float>(src + x0, x1 - x0).CopyTo(new Span<float>(dst + x0, x1 - x0));
                    }
                    else if (g.StrideW == 2 && Avx512F.IsSupported)
                    {
                        CopyEven(src + (x0 * 2), dst + x0, x1 - x0);
                    }
                    else
                    {
                        for (var x = x0; x < x1; x++)
                        {
                            dst[x] = src[x * g.StrideW];
                        }
                    }

                    if (x1 < ow)
                    {
                        new Span<float>(dst + x1, ow - x1).Clear();
                    }
                }
            }
        }
    }

    /// <summary>
    /// <see cref="ExpandPacked"/> for a <see cref="ShiftedTap"/> geometry: sixteen destination columns at a time,
    /// aligned to sixteen so that no vector straddles two NR-wide panels; the image's first and last vectors store
    /// only their own lanes.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void ExpandPackedShifted(in ConvGeometry g, float* image, int channel, float* packed, in PackedPanelLayout layout, int firstRow, int firstColumn, int* columnMasks)
    {
        int pixels = g.OutH * g.OutW, nr = layout.NR, nrShift = BitOperations.Log2((uint)nr);
        var plane = image + ((long)channel * g.InH * g.InW);
        var maskLength = ShiftedTap.ColumnMaskLength(g);
        var first = firstColumn & -Vector512<float>.Count;
        var end = firstColumn + pixels;
        for (var s = 0; s < g.KernelW; s++)
        {
            var columnMask = columnMasks + (s * maskLength);
            for (var r = 0; r < g.KernelH; r++)
            {
                var tap = new ShiftedTap(g, plane, r, s, columnMask);
                var (rowStart, panelStride) = layout.Row(firstRow + (r * g.KernelW) + s);
                var row = packed + rowStart;
                var phase = tap.PhaseOf(first - firstColumn);
                for (var j = first; j < end; j += Vector512<float>.Count)
                {
                    var p = j - firstColumn;
                    ShiftedTap.Store(tap.LoadAny(p, phase), row + ((j >> nrShift) * panelStride) + (j & (nr - 1)), p, pixels);
                    phase = tap.Advance(phase);
                }
            }
        }
    }

    /// <summary><see cref="Expand"/> for a <see cref="ShiftedTap"/> geometry, sixteen output pixels at a time.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void ExpandShifted(in ConvGeometry g, float* image, int channel, float* rows, nint ld, int firstColumn, int* columnMasks)
    {
        var pixels = g.OutH * g.OutW;
        var plane = image + ((long)channel * g.InH * g.InW);
        var maskLength = ShiftedTap.ColumnMaskLength(g);
        for (var s = 0; s < g.KernelW; s++)
        {
            var columnMask = columnMasks + (s * maskLength);
            for (var r = 0; r < g.KernelH; r++)
            {
                var tap = new ShiftedTap(g, plane, r, s, columnMask);
                var row = rows + (((r * g.KernelW) + s) * ld) + firstColumn;
                for (int p = 0, phase = 0; p < pixels; p += Vector512<float>.Count)
                {
                    ShiftedTap.Store(tap.LoadAny(p, phase), row + p, p, pixels);
                    phase = tap.Advance(phase);
                }
            }
        }
    }

    /// <summary>
    /// Overwrites channel <paramref name="channel"/> of one image's gradient (<paramref name="image"/> points at
    /// [C, H, W]) with the sum of its column rows, adding taps in a fixed (r, s, y, x) order.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    /// <param name="columnMasks">As for <see cref="ExpandPacked"/>.</param>
    public static void Accumulate(in ConvGeometry g, float* rows, nint ld, float* image, int channel, int* columnMasks = null)
    {
        if (columnMasks != null)
        {
            AccumulateShifted(g, rows, ld, image, channel, columnMasks);
            return;
        }

        int oh = g.OutH, ow = g.OutW;
        var plane = image + ((long)channel * g.InH * g.InW);
        new Span<float>(plane, g.InH * g.InW).Clear();
        for (var r = 0; r < g.KernelH; r++)
        {
            for (var s = 0; s < g.KernelW; s++)
            {
                var row = rows + (((r * g.KernelW) + s) * ld);
                var offsetX = (s * g.DilationW) - g.PadW;
                var (x0, x1) = ValidRange(offsetX, g.StrideW, g.InW, ow);
                if (x0 >= x1)
                {
                    continue;
                }

                for (var y = 0; y < oh; y++)
                {
                    var iy = (y * g.StrideH) - g.PadH + (r * g.DilationH);
                    if ((uint)iy >= (uint)g.InH)
                    {
                        continue;
                    }

                    var src = row + (y * ow);
                    var dst = plane + (iy * g.InW) + offsetX;
                    if (g.StrideW == 1)
                    {
                        var span = new Span<float>(dst + x0, x1 - x0);
                        TensorPrimitives.Add(span, new ReadOnlySpan<float>(src + x0, x1 - x0), span);
                    }
                    else if (g.StrideW == 2 && Avx512F.IsSupported)
                    {
                        AddToEven(src + x0, dst + (x0 * 2), x1 - x0);
                    }
                    else
                    {
                        for (var x = x0; x < x1; x++)
                        {
                            dst[x * g.StrideW] += src[x];
                        }
                    }
                }
            }
        }
    }

    /// <summary>
    /// <see cref="Accumulate"/> for a <see cref="ShiftedTap"/> geometry, sixteen pixels at a time. Taps add in the
    /// same (r, s) order and a tap reaches each input pixel at most once, so every pixel's sum is the general
    /// path's, bit for bit.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void AccumulateShifted(in ConvGeometry g, float* rows, nint ld, float* image, int channel, int* columnMasks)
    {
        var pixels = g.OutH * g.OutW;
        var plane = image + ((long)channel * g.InH * g.InW);
        new Span<float>(plane, g.InH * g.InW).Clear();
        var maskLength = ShiftedTap.ColumnMaskLength(g);
        for (var r = 0; r < g.KernelH; r++)
        {
            for (var s = 0; s < g.KernelW; s++)
            {
                var tap = new ShiftedTap(g, plane, r, s, columnMasks + (s * maskLength));
                var row = rows + (((r * g.KernelW) + s) * ld);
                for (int p = 0, phase = 0; p < pixels; p += Vector512<float>.Count)
                {
                    tap.AddBack(p, phase, ShiftedTap.LoadRow(row, p, pixels));
                    phase = tap.Advance(phase);
                }
            }
        }
    }

    /// <summary>
    /// to[t] = from[2t] for t &lt; count: sixteen at a time as the even lanes of 32 floats (a stride-2 convolution's
    /// column rows; the scalar loop was most of resnet stems' and downsampling convolutions' im2col). Loads are
    /// masked to the floats the outputs need, so nothing past from[2 (count - 1)] is read.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void CopyEven(float* from, float* to, int count)
    {
        var even = Vector512.Create(0, 2, 4, 6, 8, 10, 12, 14, 16, 18, 20, 22, 24, 26, 28, 30);
        for (var t = 0; t < count; t += Vector512<float>.Count)
        {
            var outputs = Math.Min(Vector512<float>.Count, count - t);
            var needed = (2 * outputs) - 1;
            var source = from + (2 * t);
            var lo = Avx512F.MaskLoad(source, Lanes(Math.Min(needed, Vector512<float>.Count)), Vector512<float>.Zero);
            var hi = needed > Vector512<float>.Count
                ? Avx512F.MaskLoad(source + Vector512<float>.Count, Lanes(needed - Vector512<float>.Count), Vector512<float>.Zero)
                : Vector512<float>.Zero;
            var values = Avx512F.PermuteVar16x32x2(lo, even, hi);
            if (outputs == Vector512<float>.Count)
            {
                values.Store(to + t);
            }
            else
            {
                Avx512F.MaskStore(to + t, Lanes(outputs), values);
            }
        }
    }

    /// <summary>
    /// to[2x] += from[x] for x &lt; count (col2im of a stride-2 row), sixteen at a time: the values spread to the even
    /// lanes of two vectors and only even lanes are stored, so the odd pixels between keep their bits.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void AddToEven(float* from, float* to, int count)
    {
        var spreadLow = Vector512.Create(0, 16, 1, 16, 2, 16, 3, 16, 4, 16, 5, 16, 6, 16, 7, 16);
        var spreadHigh = spreadLow + Vector512.Create(8, 0, 8, 0, 8, 0, 8, 0, 8, 0, 8, 0, 8, 0, 8, 0);
        var evenLanes = Vector512.Create(-1, 0, -1, 0, -1, 0, -1, 0, -1, 0, -1, 0, -1, 0, -1, 0).AsSingle();
        for (var x = 0; x < count; x += Vector512<float>.Count)
        {
            var values = Math.Min(Vector512<float>.Count, count - x);
            var source = Avx512F.MaskLoad(from + x, Lanes(values), Vector512<float>.Zero);
            var needed = (2 * values) - 1;
            var target = to + (2 * x);
            var lowMask = evenLanes & Lanes(Math.Min(needed, Vector512<float>.Count));
            var low = Avx512F.MaskLoad(target, lowMask, Vector512<float>.Zero);
            Avx512F.MaskStore(target, lowMask, low + Avx512F.PermuteVar16x32x2(source, spreadLow, Vector512<float>.Zero));
            if (needed > Vector512<float>.Count)
            {
                var highMask = evenLanes & Lanes(needed - Vector512<float>.Count);
                var high = Avx512F.MaskLoad(target + Vector512<float>.Count, highMask, Vector512<float>.Zero);
                Avx512F.MaskStore(target + Vector512<float>.Count, highMask, high + Avx512F.PermuteVar16x32x2(source, spreadHigh, Vector512<float>.Zero));
            }
        }
    }

    /// <summary>A mask of lanes 0 .. count - 1.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector512<float> Lanes(int count)
        => Vector512.LessThan(Vector512<int>.Indices, Vector512.Create(count)).AsSingle();

    /// <summary>Output columns [x0, x1) whose input column x * stride + offset lies inside [0, width).</summary>
    private static (int Start, int End) ValidRange(int offset, int stride, int width, int outWidth)
    {
        var start = offset >= 0 ? 0 : (-offset + stride - 1) / stride;
        var last = width - 1 - offset;
        var end = last < 0 ? 0 : (last / stride) + 1;
        return (Math.Min(start, outWidth), Math.Min(end, outWidth));
    }
}
