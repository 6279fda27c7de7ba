using System.Numerics.Tensors;
using System.Runtime.CompilerServices;

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
    /// Writes the column-matrix rows of channel <paramref name="channel"/> of one image as plain row-major rows:
    /// row (r, s) of the channel at <paramref name="rows"/> + (r * S + s) * <paramref name="ld"/>, output pixels
    /// from <paramref name="firstColumn"/> on. The weight gradient uses this matrix as the GEMM's A operand,
    /// whose packing turns it into panels with 8 x 8 vector transposes.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void Expand(in ConvGeometry g, float* image, int channel, float* rows, nint ld, int firstColumn)
    {
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
