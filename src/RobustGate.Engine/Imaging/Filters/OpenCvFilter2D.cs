using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;

namespace RobustGate.Engine.Imaging.Filters;

/// <summary>
/// cv2.filter2D(src, -1, kernel) on a float64 interleaved H×W×C image: correlation (not
/// convolution) with the anchor at the kernel centre, BORDER_REFLECT_101, every channel on its own.
/// OpenCV switches to a DFT for kernels of 50+ taps (defocus's 17×17 and 21×21); this computes the
/// same sum directly, in double with fused multiply-adds, so the two agree to rounding noise
/// (~1e-16 relative), not bit for bit. Taps whose weight is 0 are skipped, and a kernel that is
/// symmetric about both axes (the defocus disk) adds its mirrored samples before multiplying.
/// </summary>
public static class OpenCvFilter2D
{
    private const int Block = 4;

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static unsafe void Apply(ReadOnlySpan<double> source, Span<double> destination, int height, int width, int channels, ReadOnlySpan<float> kernel, int kernelHeight, int kernelWidth)
    {
        GaussianFilter.CheckShape(source.Length, destination.Length, height, width, channels);
        if (kernelHeight < 1 || kernelWidth < 1 || kernel.Length != kernelHeight * kernelWidth)
        {
            throw new ArgumentException($"Kernel of {kernel.Length} values is not {kernelHeight}x{kernelWidth}.", nameof(kernel));
        }

        int anchorY = kernelHeight / 2, anchorX = kernelWidth / 2;
        var paddedWidth = width + kernelWidth - 1;
        var paddedRow = paddedWidth * channels;
        var paddedHeight = height + kernelHeight - 1;
        var padded = ScratchBuffer.Doubles(7, paddedHeight * paddedRow);
        for (var py = 0; py < paddedHeight; py++)
        {
            var sy = BorderIndex.Map(py - anchorY, height, BorderMode.Mirror);
            var srcRow = source.Slice(sy * width * channels, width * channels);
            var dstRow = padded.AsSpan(py * paddedRow, paddedRow);
            for (var px = 0; px < paddedWidth; px++)
            {
                var sx = BorderIndex.Map(px - anchorX, width, BorderMode.Mirror);
                srcRow.Slice(sx * channels, channels).CopyTo(dstRow.Slice(px * channels, channels));
            }
        }

        var rowLength = width * channels;
        var symmetric = IsDoublySymmetric(kernel, kernelHeight, kernelWidth);

        // Each tap: weight, the row it reads (an index into the row table below), and the column
        // offsets (in samples, relative to the output sample) of its one or two samples.
        var taps = new List<(double Weight, int Row, int Left, int Right)>();
        for (var i = symmetric ? anchorY : 0; i < kernelHeight; i++)
        {
            for (var j = symmetric ? anchorX : 0; j < kernelWidth; j++)
            {
                var w = kernel[(i * kernelWidth) + j];
                if (w != 0)
                {
                    var mirrored = symmetric ? (2 * anchorX) - j : j;
                    taps.Add((w, symmetric ? i - anchorY : i, mirrored * channels, j * channels));
                }
            }
        }

        var tapArray = taps.ToArray();
        var rowCount = symmetric ? anchorY + 1 : kernelHeight;
        var folded = symmetric ? ScratchBuffer.Doubles(0, rowCount * paddedRow) : null;
        var rowTable = stackalloc double*[rowCount];
        fixed (double* pad = padded)
        fixed (double* fold = folded)
        fixed (double* dst = destination)
        {
            for (var y = 0; y < height; y++)
            {
                if (symmetric)
                {
                    // Row d of the table holds padded[y + anchor + d] + padded[y + anchor − d].
                    var centre = pad + ((long)(y + anchorY) * paddedRow);
                    rowTable[0] = centre;
                    for (var d = 1; d < rowCount; d++)
                    {
                        var target = fold + ((long)d * paddedRow);
                        AddRows(centre + ((long)d * paddedRow), centre - ((long)d * paddedRow), target, paddedRow);
                        rowTable[d] = target;
                    }
                }
                else
                {
                    for (var d = 0; d < rowCount; d++)
                    {
                        rowTable[d] = pad + ((long)(y + d) * paddedRow);
                    }
                }

                Correlate(dst + ((long)y * rowLength), rowTable, tapArray, rowLength);
            }
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static bool IsDoublySymmetric(ReadOnlySpan<float> kernel, int kernelHeight, int kernelWidth)
    {
        if (kernelHeight % 2 == 0 || kernelWidth % 2 == 0)
        {
            return false;
        }

        for (var i = 0; i < kernelHeight; i++)
        {
            for (var j = 0; j < kernelWidth; j++)
            {
                var w = kernel[(i * kernelWidth) + j];
                if (w != kernel[((kernelHeight - 1 - i) * kernelWidth) + j] || w != kernel[(i * kernelWidth) + (kernelWidth - 1 - j)])
                {
                    return false;
                }
            }
        }

        return true;
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static unsafe void AddRows(double* a, double* b, double* result, int count)
    {
        var k = 0;
        for (; k <= count - Vector512<double>.Count; k += Vector512<double>.Count)
        {
            (Vector512.Load(a + k) + Vector512.Load(b + k)).Store(result + k);
        }

        for (; k < count; k++)
        {
            result[k] = a[k] + b[k];
        }
    }

    /// <summary>
    /// out[k] = Σ_taps w·(row[k + left] (+ row[k + right] when left ≠ right)), blocked so that the
    /// accumulators of <see cref="Block"/> vectors stay in registers across all taps.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static unsafe void Correlate(double* output, double** rows, (double Weight, int Row, int Left, int Right)[] taps, int count)
    {
        const int lanes = 8;
        var k = 0;
        for (; k <= count - (Block * lanes); k += Block * lanes)
        {
            Vector512<double> a0 = default, a1 = default, a2 = default, a3 = default;
            foreach (var (weight, row, left, right) in taps)
            {
                var w = Vector512.Create(weight);
                var l = rows[row] + k + left;
                if (left == right)
                {
                    a0 = Vector512.FusedMultiplyAdd(Vector512.Load(l), w, a0);
                    a1 = Vector512.FusedMultiplyAdd(Vector512.Load(l + lanes), w, a1);
                    a2 = Vector512.FusedMultiplyAdd(Vector512.Load(l + (2 * lanes)), w, a2);
                    a3 = Vector512.FusedMultiplyAdd(Vector512.Load(l + (3 * lanes)), w, a3);
                }
                else
                {
                    var r = rows[row] + k + right;
                    a0 = Vector512.FusedMultiplyAdd(Vector512.Load(l) + Vector512.Load(r), w, a0);
                    a1 = Vector512.FusedMultiplyAdd(Vector512.Load(l + lanes) + Vector512.Load(r + lanes), w, a1);
                    a2 = Vector512.FusedMultiplyAdd(Vector512.Load(l + (2 * lanes)) + Vector512.Load(r + (2 * lanes)), w, a2);
                    a3 = Vector512.FusedMultiplyAdd(Vector512.Load(l + (3 * lanes)) + Vector512.Load(r + (3 * lanes)), w, a3);
                }
            }

            a0.Store(output + k);
            a1.Store(output + k + lanes);
            a2.Store(output + k + (2 * lanes));
            a3.Store(output + k + (3 * lanes));
        }

        for (; k < count; k++)
        {
            var acc = 0.0;
            foreach (var (weight, row, left, right) in taps)
            {
                var v = rows[row][k + left];
                if (left != right)
                {
                    v += rows[row][k + right];
                }

                acc = Math.FusedMultiplyAdd(v, weight, acc);
            }

            output[k] = acc;
        }
    }
}
