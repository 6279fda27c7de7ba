using System.Runtime.CompilerServices;

namespace RobustGate.Engine.Imaging.Filters;

/// <summary>
/// cv2.filter2D(img, cv2.CV_8U, kernel) on a uint8 image with a small integer kernel (spatter's
/// 3×3 emboss): correlation, anchor at the centre, BORDER_REFLECT_101, every channel on its own,
/// the sum rounded and saturated to 0…255. With integer weights OpenCV's float accumulation is
/// exact, so integer arithmetic gives the same bytes.
/// </summary>
public static class OpenCvFilter2DBytes
{
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void Apply(ReadOnlySpan<byte> source, Span<byte> destination, int height, int width, int channels, ReadOnlySpan<int> kernel, int kernelHeight, int kernelWidth)
    {
        GaussianFilter.CheckShape(source.Length, destination.Length, height, width, channels);
        if (kernelHeight < 1 || kernelWidth < 1 || kernel.Length != kernelHeight * kernelWidth)
        {
            throw new ArgumentException($"Kernel of {kernel.Length} values is not {kernelHeight}x{kernelWidth}.", nameof(kernel));
        }

        if (source.Overlaps(destination))
        {
            throw new ArgumentException("filter2D needs separate source and destination buffers.", nameof(destination));
        }

        int anchorY = kernelHeight / 2, anchorX = kernelWidth / 2;
        // Border lookups once per call: tap t of column x reads column columnIndex[x + t] (likewise rows).
        var columnIndex = new int[width + kernelWidth - 1];
        for (var t = 0; t < columnIndex.Length; t++)
        {
            columnIndex[t] = BorderIndex.Map(t - anchorX, width, BorderMode.Mirror) * channels;
        }

        var rowIndex = new int[height + kernelHeight - 1];
        for (var t = 0; t < rowIndex.Length; t++)
        {
            rowIndex[t] = BorderIndex.Map(t - anchorY, height, BorderMode.Mirror) * width * channels;
        }

        for (var y = 0; y < height; y++)
        {
            for (var x = 0; x < width; x++)
            {
                for (var c = 0; c < channels; c++)
                {
                    // Integer sums are exact, so the order of the taps cannot change the result.
                    var s = 0;
                    for (var i = 0; i < kernelHeight; i++)
                    {
                        var rowStart = rowIndex[y + i] + c;
                        var weights = kernel.Slice(i * kernelWidth, kernelWidth);
                        for (var j = 0; j < weights.Length; j++)
                        {
                            s += weights[j] * source[rowStart + columnIndex[x + j]];
                        }
                    }

                    destination[(((y * width) + x) * channels) + c] = (byte)Math.Clamp(s, 0, 255);
                }
            }
        }
    }
}
