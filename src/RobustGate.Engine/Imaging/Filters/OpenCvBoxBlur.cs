using System.Runtime.CompilerServices;

namespace RobustGate.Engine.Imaging.Filters;

/// <summary>
/// cv2.blur(img, (k, k)) — the normalised box filter, BORDER_REFLECT_101 — on single-channel or
/// interleaved images, as spatter uses it (3×3 on float32 distances and on uint8). OpenCV sums in
/// double (float32 input) or integers (uint8) and scales by 1/k²; for float32 the window sum is
/// formed exactly here (it is exact for spatter's fixed-point distances) and rounded once.
/// </summary>
public static class OpenCvBoxBlur
{
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void Apply(ReadOnlySpan<float> source, Span<float> destination, int height, int width, int channels, int size)
    {
        Check(source.Length, destination.Length, height, width, channels, size);
        var scale = 1.0 / (size * size);
        var sums = ScratchBuffer.Doubles(0, source.Length);
        RowSums(source, sums, height, width, channels, size);
        var radius = size / 2;
        var rowLength = width * channels;
        for (var y = 0; y < height; y++)
        {
            for (var k = 0; k < rowLength; k++)
            {
                var s = 0.0;
                for (var d = -radius; d <= radius; d++)
                {
                    s += sums[(BorderIndex.Map(y + d, height, BorderMode.Mirror) * rowLength) + k];
                }

                destination[(y * rowLength) + k] = (float)(s * scale);
            }
        }
    }

    /// <summary>The uint8 form: integer window sums, each output round(sum / k²).</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void Apply(ReadOnlySpan<byte> source, Span<byte> destination, int height, int width, int channels, int size)
    {
        Check(source.Length, destination.Length, height, width, channels, size);
        var area = size * size;
        var radius = size / 2;
        var rowLength = width * channels;
        var sums = ScratchBuffer.Ints(2, source.Length);
        for (var y = 0; y < height; y++)
        {
            for (var x = 0; x < width; x++)
            {
                for (var c = 0; c < channels; c++)
                {
                    var s = 0;
                    for (var d = -radius; d <= radius; d++)
                    {
                        s += source[(y * rowLength) + (BorderIndex.Map(x + d, width, BorderMode.Mirror) * channels) + c];
                    }

                    sums[(y * rowLength) + (x * channels) + c] = s;
                }
            }
        }

        for (var y = 0; y < height; y++)
        {
            for (var k = 0; k < rowLength; k++)
            {
                var s = 0;
                for (var d = -radius; d <= radius; d++)
                {
                    s += sums[(BorderIndex.Map(y + d, height, BorderMode.Mirror) * rowLength) + k];
                }

                destination[(y * rowLength) + k] = (byte)Math.Clamp(Math.Round(s / (double)area, MidpointRounding.ToEven), 0, 255);
            }
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void RowSums(ReadOnlySpan<float> source, double[] sums, int height, int width, int channels, int size)
    {
        var radius = size / 2;
        var rowLength = width * channels;
        for (var y = 0; y < height; y++)
        {
            for (var x = 0; x < width; x++)
            {
                for (var c = 0; c < channels; c++)
                {
                    var s = 0.0;
                    for (var d = -radius; d <= radius; d++)
                    {
                        s += source[(y * rowLength) + (BorderIndex.Map(x + d, width, BorderMode.Mirror) * channels) + c];
                    }

                    sums[(y * rowLength) + (x * channels) + c] = s;
                }
            }
        }
    }

    private static void Check(int sourceLength, int destinationLength, int height, int width, int channels, int size)
    {
        GaussianFilter.CheckShape(sourceLength, destinationLength, height, width, channels);
        if (size < 1 || size % 2 == 0)
        {
            throw new ArgumentOutOfRangeException(nameof(size), size, "Box size must be odd and positive.");
        }
    }
}
