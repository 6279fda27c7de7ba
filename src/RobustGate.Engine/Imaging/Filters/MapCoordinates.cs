using System.Runtime.CompilerServices;

namespace RobustGate.Engine.Imaging.Filters;

/// <summary>
/// scipy.ndimage.map_coordinates(image, [rows, columns, channel], order=1, mode) as
/// elastic_transform calls it on an interleaved H×W×C image: every channel of output pixel i is
/// sampled at (rows[i], columns[i]) (the channel coordinate is the channel itself). Coordinates
/// outside the image are folded as scipy 1.10 folds them (map_coordinate), the two taps are
/// extended with the same mode, and the value is accumulated in double in scipy's order with its
/// weights (1−t, 1−(1−t)). Supported modes: Reflect (elastic's), Mirror, Nearest.
/// </summary>
public static class MapCoordinates
{
    /// <summary>Samples a float32 image; results are rounded to float32 as scipy stores them.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void Linear(ReadOnlySpan<float> image, int height, int width, int channels, ReadOnlySpan<double> rows, ReadOnlySpan<double> columns, Span<float> output, BorderMode mode)
    {
        Check(image.Length, height, width, channels, rows.Length, columns.Length, output.Length, mode);
        for (var i = 0; i < rows.Length; i++)
        {
            var (y0, y1, wy0, wy1) = Taps(rows[i], height, mode);
            var (x0, x1, wx0, wx1) = Taps(columns[i], width, mode);
            int p00 = ((y0 * width) + x0) * channels, p01 = ((y0 * width) + x1) * channels;
            int p10 = ((y1 * width) + x0) * channels, p11 = ((y1 * width) + x1) * channels;
            var o = i * channels;
            for (var c = 0; c < channels; c++)
            {
                output[o + c] = (float)((image[p00 + c] * wy0 * wx0) + (image[p01 + c] * wy0 * wx1) + (image[p10 + c] * wy1 * wx0) + (image[p11 + c] * wy1 * wx1));
            }
        }
    }

    /// <summary>Samples a float64 image.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void Linear(ReadOnlySpan<double> image, int height, int width, int channels, ReadOnlySpan<double> rows, ReadOnlySpan<double> columns, Span<double> output, BorderMode mode)
    {
        Check(image.Length, height, width, channels, rows.Length, columns.Length, output.Length, mode);
        for (var i = 0; i < rows.Length; i++)
        {
            var (y0, y1, wy0, wy1) = Taps(rows[i], height, mode);
            var (x0, x1, wx0, wx1) = Taps(columns[i], width, mode);
            int p00 = ((y0 * width) + x0) * channels, p01 = ((y0 * width) + x1) * channels;
            int p10 = ((y1 * width) + x0) * channels, p11 = ((y1 * width) + x1) * channels;
            var o = i * channels;
            for (var c = 0; c < channels; c++)
            {
                output[o + c] = (image[p00 + c] * wy0 * wx0) + (image[p01 + c] * wy0 * wx1) + (image[p10 + c] * wy1 * wx0) + (image[p11 + c] * wy1 * wx1);
            }
        }
    }

    /// <summary>scipy 1.10's map_coordinate: folds an out-of-range coordinate back towards the image.</summary>
    internal static double Fold(double x, int length, BorderMode mode)
    {
        if (x >= 0 && x <= length - 1)
        {
            return x;
        }

        if (length <= 1)
        {
            return 0;
        }

        switch (mode)
        {
            case BorderMode.Nearest:
                return x < 0 ? 0 : length - 1;
            case BorderMode.Reflect:
                {
                    long period = 2L * length;
                    if (x < 0)
                    {
                        if (x < -period)
                        {
                            x = (period * (long)(-x / period)) + x;
                        }

                        // scipy guards against −x − 1 rounding to exactly −1 for tiny negative x.
                        return x < -length ? x + period : (x > -1e-15 ? 1e-15 : -x) - 1;
                    }

                    x -= period * (long)(x / period);
                    return x >= length ? period - x - 1 : x;
                }

            case BorderMode.Mirror:
                {
                    long period = (2L * length) - 2;
                    if (x < 0)
                    {
                        x = (period * (long)(-x / period)) + x;
                        return x <= 1 - length ? x + period : -x;
                    }

                    x -= period * (long)(x / period);
                    return x >= length ? period - x : x;
                }

            default:
                throw new ArgumentOutOfRangeException(nameof(mode), mode, "map_coordinates supports Reflect, Mirror and Nearest.");
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static (int First, int Second, double Weight0, double Weight1) Taps(double coordinate, int length, BorderMode mode)
    {
        var cc = Fold(coordinate, length, mode);
        var start = Math.Floor(cc);
        var w0 = 1.0 - (cc - start);
        var s = (int)start;
        return (BorderIndex.Map(s, length, mode), BorderIndex.Map(s + 1, length, mode), w0, 1.0 - w0);
    }

    private static void Check(int imageLength, int height, int width, int channels, int rows, int columns, int outputLength, BorderMode mode)
    {
        if (height < 1 || width < 1 || channels < 1 || imageLength != height * width * channels)
        {
            throw new ArgumentException($"Image buffer of {imageLength} samples does not hold {height}x{width}x{channels}.");
        }

        if (rows != columns || outputLength != rows * channels)
        {
            throw new ArgumentException($"Expected as many row as column coordinates ({rows} vs {columns}) and {rows * channels} output samples, got {outputLength}.");
        }

        if (mode is not (BorderMode.Reflect or BorderMode.Mirror or BorderMode.Nearest))
        {
            throw new ArgumentOutOfRangeException(nameof(mode), mode, "map_coordinates supports Reflect, Mirror and Nearest.");
        }
    }
}
