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
        for (var y = 0; y < height; y++)
        {
            for (var x = 0; x < width; x++)
            {
                for (var c = 0; c < channels; c++)
                {
                    var s = 0;
                    for (var i = 0; i < kernelHeight; i++)
                    {
                        var sy = BorderIndex.Map(y + i - anchorY, height, BorderMode.Mirror);
                        for (var j = 0; j < kernelWidth; j++)
                        {
                            var sx = BorderIndex.Map(x + j - anchorX, width, BorderMode.Mirror);
                            s += kernel[(i * kernelWidth) + j] * source[(((sy * width) + sx) * channels) + c];
                        }
                    }

                    destination[(((y * width) + x) * channels) + c] = (byte)Math.Clamp(s, 0, 255);
                }
            }
        }
    }
}
