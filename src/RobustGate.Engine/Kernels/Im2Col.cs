using System.Numerics.Tensors;
using System.Runtime.CompilerServices;

namespace RobustGate.Engine.Kernels;

/// <summary>
/// The column-matrix view of a convolution input: row (c, r, s) and column (y, x) hold the input pixel that
/// kernel tap (r, s) of channel c sees at output position (y, x), zero where that falls in the padding.
/// <see cref="ExpandPacked"/> builds it (im2col) as a GEMM's packed B operand, <see cref="ExpandPackedTransposed"/>
/// builds its transpose the same way (for the weight gradient), and <see cref="Accumulate"/> adds a column matrix
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
    public static void ExpandPacked(in ConvGeometry g, float* image, int channel, float* packed, in PackedPanelLayout layout, int firstRow, int firstColumn)
    {
        int oh = g.OutH, ow = g.OutW, nr = layout.NR;
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
                        var dst = row + ((j / nr) * panelStride) + lane;

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
    /// Writes the transposed column matrix of one image into GEMM panel layout: operand row = output pixel
    /// (from <paramref name="firstPixel"/>), operand column = (c, r, s) index <paramref name="q0"/> .. <paramref name="q1"/>
    /// within the group whose first input channel is <paramref name="firstChannel"/>.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void ExpandPackedTransposed(in ConvGeometry g, float* image, int firstChannel, int q0, int q1, float* packed, in PackedPanelLayout layout, int firstPixel)
    {
        int oh = g.OutH, ow = g.OutW, taps = g.KernelH * g.KernelW, nr = layout.NR;
        for (var q = q0; q < q1; q++)
        {
            var c = q / taps;
            var r = q % taps / g.KernelW;
            var s = q % g.KernelW;
            var plane = image + ((long)(firstChannel + c) * g.InH * g.InW);
            var offsetX = (s * g.DilationW) - g.PadW;
            var (x0, x1) = ValidRange(offsetX, g.StrideW, g.InW, ow);
            for (var y = 0; y < oh; y++)
            {
                var iy = (y * g.StrideH) - g.PadH + (r * g.DilationH);
                var inside = (uint)iy < (uint)g.InH;
                var src = plane + (inside ? iy * g.InW : 0) + offsetX;
                var x = 0;
                while (x < ow)
                {
                    // One run per KC block of operand rows: consecutive rows are NR floats apart within it.
                    var p = firstPixel + (y * ow) + x;
                    var blockEnd = (p & ~(GemmBlocking.KC - 1)) + GemmBlocking.KC;
                    var end = Math.Min(ow, x + (blockEnd - p));
                    var dst = packed + layout.Offset(p, q);
                    var lo = inside ? Math.Clamp(x0, x, end) : end;
                    var hi = inside ? Math.Clamp(x1, lo, end) : end;
                    var t = x;
                    for (; t < lo; t++, dst += nr)
                    {
                        *dst = 0f;
                    }

                    for (var from = src + (t * g.StrideW); t < hi; t++, dst += nr, from += g.StrideW)
                    {
                        *dst = *from;
                    }

                    for (; t < end; t++, dst += nr)
                    {
                        *dst = 0f;
                    }

                    x = end;
                }
            }
        }
    }

    /// <summary>
    /// Overwrites channel <paramref name="channel"/> of one image's gradient (<paramref name="image"/> points at
    /// [C, H, W]) with the sum of its column rows, adding taps in a fixed (r, s, y, x) order.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void Accumulate(in ConvGeometry g, float* rows, nint ld, float* image, int channel)
    {
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

    /// <summary>Output columns [x0, x1) whose input column x * stride + offset lies inside [0, width).</summary>
    private static (int Start, int End) ValidRange(int offset, int stride, int width, int outWidth)
    {
        var start = offset >= 0 ? 0 : (-offset + stride - 1) / stride;
        var last = width - 1 - offset;
        var end = last < 0 ? 0 : (last / stride) + 1;
        return (Math.Min(start, outWidth), Math.Min(end, outWidth));
    }
}
