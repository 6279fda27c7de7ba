using System.Runtime.Intrinsics;

namespace RobustGate.Engine.Imaging.Filters;

/// <summary>
/// cv2.filter2D(src, -1, kernel) on a float64 interleaved H×W×C image: correlation (not
/// convolution) with the anchor at the kernel centre, BORDER_REFLECT_101, every channel on its own.
/// OpenCV switches to a DFT for kernels of 50+ taps (defocus's 17×17 and 21×21); this computes the
/// same sum directly, in double with fused multiply-adds, so the two agree to rounding noise
/// (~1e-16 relative), not bit for bit. Taps whose weight is 0 are skipped.
/// </summary>
public static class OpenCvFilter2D
{
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

        // Only the non-zero taps, as (weight, offset into the padded image relative to the output row start).
        var taps = new List<(double Weight, int Row, int Column)>(kernel.Length);
        for (var i = 0; i < kernelHeight; i++)
        {
            for (var j = 0; j < kernelWidth; j++)
            {
                var w = kernel[(i * kernelWidth) + j];
                if (w != 0)
                {
                    taps.Add((w, i, j * channels));
                }
            }
        }

        var rowLength = width * channels;
        fixed (double* pad = padded)
        fixed (double* dst = destination)
        {
            for (var y = 0; y < height; y++)
            {
                var outRow = dst + ((long)y * rowLength);
                new Span<double>(outRow, rowLength).Clear();
                foreach (var (weight, row, column) in taps)
                {
                    AddScaledFused(outRow, pad + ((long)(y + row) * paddedRow) + column, weight, rowLength);
                }
            }
        }
    }

    private static unsafe void AddScaledFused(double* destination, double* source, double weight, int count)
    {
        var k = 0;
        if (Vector512.IsHardwareAccelerated)
        {
            var w = Vector512.Create(weight);
            for (; k <= count - Vector512<double>.Count; k += Vector512<double>.Count)
            {
                Vector512.FusedMultiplyAdd(Vector512.Load(source + k), w, Vector512.Load(destination + k)).Store(destination + k);
            }
        }
        else if (Vector256.IsHardwareAccelerated)
        {
            var w = Vector256.Create(weight);
            for (; k <= count - Vector256<double>.Count; k += Vector256<double>.Count)
            {
                Vector256.FusedMultiplyAdd(Vector256.Load(source + k), w, Vector256.Load(destination + k)).Store(destination + k);
            }
        }

        for (; k < count; k++)
        {
            destination[k] = Math.FusedMultiplyAdd(source[k], weight, destination[k]);
        }
    }
}
