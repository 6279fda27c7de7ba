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
        var rowIndex = MirrorOffsets(height, radius, rowLength);
        for (var y = 0; y < height; y++)
        {
            var target = destination.Slice(y * rowLength, rowLength);
            for (var k = 0; k < rowLength; k++)
            {
                // Taps in the original order (top to bottom): the double sum must not be reordered.
                var s = 0.0;
                for (var d = 0; d < size; d++)
                {
                    s += sums[rowIndex[y + d] + k];
                }

                target[k] = (float)(s * scale);
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
        // Border lookups and the rounding of every possible sum (0..255·k²) once per call.
        var columnIndex = new int[width + (2 * radius)];
        for (var t = 0; t < columnIndex.Length; t++)
        {
            columnIndex[t] = BorderIndex.Map(t - radius, width, BorderMode.Mirror) * channels;
        }

        var rowIndex = new int[height + (2 * radius)];
        for (var t = 0; t < rowIndex.Length; t++)
        {
            rowIndex[t] = BorderIndex.Map(t - radius, height, BorderMode.Mirror) * rowLength;
        }

        var rounded = new byte[(255 * area) + 1];
        for (var t = 0; t < rounded.Length; t++)
        {
            rounded[t] = (byte)Math.Clamp(Math.Round(t / (double)area, MidpointRounding.ToEven), 0, 255);
        }

        for (var y = 0; y < height; y++)
        {
            var row = source.Slice(y * rowLength, rowLength);
            for (var x = 0; x < width; x++)
            {
                for (var c = 0; c < channels; c++)
                {
                    var s = 0;
                    for (var d = 0; d < size; d++)
                    {
                        s += row[columnIndex[x + d] + c];
                    }

                    sums[(y * rowLength) + (x * channels) + c] = s;
                }
            }
        }

        for (var y = 0; y < height; y++)
        {
            var target = destination.Slice(y * rowLength, rowLength);
            for (var k = 0; k < rowLength; k++)
            {
                var s = 0;
                for (var d = 0; d < size; d++)
                {
                    s += sums[rowIndex[y + d] + k];
                }

                target[k] = rounded[s];
            }
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void RowSums(ReadOnlySpan<float> source, double[] sums, int height, int width, int channels, int size)
    {
        var radius = size / 2;
        var rowLength = width * channels;
        var columnIndex = MirrorOffsets(width, radius, channels);
        for (var y = 0; y < height; y++)
        {
            var row = source.Slice(y * rowLength, rowLength);
            for (var x = 0; x < width; x++)
            {
                for (var c = 0; c < channels; c++)
                {
                    var s = 0.0;
                    for (var d = 0; d < size; d++)
                    {
                        s += row[columnIndex[x + d] + c];
                    }

                    sums[(y * rowLength) + (x * channels) + c] = s;
                }
            }
        }
    }

    /// <summary>Offset (index · unit) of reflect-101 position t − radius, for t in 0 .. length + 2·radius − 1.</summary>
    private static int[] MirrorOffsets(int length, int radius, int unit)
    {
        var offsets = new int[length + (2 * radius)];
        for (var t = 0; t < offsets.Length; t++)
        {
            offsets[t] = BorderIndex.Map(t - radius, length, BorderMode.Mirror) * unit;
        }

        return offsets;
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
