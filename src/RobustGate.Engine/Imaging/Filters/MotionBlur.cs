using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;

namespace RobustGate.Engine.Imaging.Filters;

/// <summary>
/// imagecorruptions' numpy motion blur (_motion_blur, spec §2 P9) on an interleaved H×W×C image:
/// width = 2·radius + 1 taps of a one-sided Gaussian, tap i reads the pixel
/// (y + ceil(i·sinθ·w/hypot − 0.5), x + ceil(i·cosθ·w/hypot − 0.5)) with edge replication, and the
/// taps are summed in order in double without clipping. Like the reference it stops at the first
/// tap whose offset reaches the image height or width, without renormalising.
/// </summary>
public static class MotionBlur
{
    /// <summary>The normalised one-sided kernel: exp(−i²/(2σ²))/(√(2π)σ) over i = 0…width−1, divided by its numpy sum.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static double[] Kernel(int width, double sigma)
    {
        if (width < 1 || !(sigma > 0))
        {
            throw new ArgumentOutOfRangeException(nameof(sigma), $"Motion blur needs width >= 1 and sigma > 0, got {width} and {sigma}.");
        }

        var kernel = new double[width];
        var denominator = Math.Sqrt(2 * Math.PI) * sigma;
        var twoSigmaSquared = 2 * (sigma * sigma);
        for (var i = 0; i < width; i++)
        {
            kernel[i] = Math.Exp(-((double)i * i) / twoSigmaSquared) / denominator;
        }

        var sum = NumpySum.Pairwise(kernel);
        for (var i = 0; i < width; i++)
        {
            kernel[i] /= sum;
        }

        return kernel;
    }

    /// <summary>
    /// Tap offsets (row, column) the reference reads for tap i, for an angle in degrees; the list
    /// ends before the first tap that reaches the image border (|dy| ≥ height or |dx| ≥ width).
    /// </summary>
    public static (int Row, int Column)[] Offsets(int taps, double angleDegrees, int height, int width)
    {
        var radians = angleDegrees * (Math.PI / 180.0);
        double py = taps * Math.Sin(radians), px = taps * Math.Cos(radians);
        var hypot = double.Hypot(py, px);
        var list = new List<(int, int)>(taps);
        for (var i = 0; i < taps; i++)
        {
            var dy = (int)Math.Ceiling((i * py / hypot) - 0.5);
            var dx = (int)Math.Ceiling((i * px / hypot) - 0.5);
            if (Math.Abs(dy) >= height || Math.Abs(dx) >= width)
            {
                break;
            }

            list.Add((dy, dx));
        }

        return [.. list];
    }

    /// <summary>_motion_blur(x, radius, sigma, angle) on uint8 pixels (the corruption's input); output unclipped float64.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void Imagecorruptions(ReadOnlySpan<byte> image, int height, int width, int channels, int radius, double sigma, double angleDegrees, Span<double> output)
    {
        var wide = ScratchBuffer.Doubles(6, image.Length).AsSpan(0, image.Length);
        for (var i = 0; i < image.Length; i++)
        {
            wide[i] = image[i];
        }

        Imagecorruptions(wide, height, width, channels, radius, sigma, angleDegrees, output);
    }

    /// <summary>_motion_blur on float64 samples (snow's layer in imagecorruptions); output unclipped float64. Must not alias.</summary>
    public static void Imagecorruptions(ReadOnlySpan<double> image, int height, int width, int channels, int radius, double sigma, double angleDegrees, Span<double> output)
    {
        GaussianFilter.CheckShape(image.Length, output.Length, height, width, channels);
        var taps = (2 * radius) + 1;
        AccumulateTaps(image, height, width, channels, Kernel(taps, sigma), Offsets(taps, angleDegrees, height, width), output);
    }

    /// <summary>
    /// output = Σ_t kernel[t] · image shifted by offsets[t] (edge-replicated), the taps added in
    /// order, each product rounded before its addition — vectorised along the rows.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    internal static unsafe void AccumulateTaps(ReadOnlySpan<double> image, int height, int width, int channels, double[] kernel, (int Row, int Column)[] offsets, Span<double> output)
    {
        output.Clear();
        var rowLength = width * channels;
        fixed (double* src = image)
        fixed (double* dst = output)
        {
            // Row by row, all taps per row: each output row stays in L1 while its taps are added
            // (still in tap order per sample, so the sums are the tap-major loop's).
            for (var y = 0; y < height; y++)
            {
                var dstRow = dst + ((long)y * rowLength);
                for (var t = 0; t < offsets.Length; t++)
                {
                    var (oy, ox) = offsets[t];
                    var weight = kernel[t];

                    // Columns whose source x + ox is inside the row form one contiguous run.
                    var firstInside = Math.Clamp(-ox, 0, width);
                    var lastInside = Math.Clamp(width - ox, firstInside, width);
                    var sy = Math.Clamp(y + oy, 0, height - 1);
                    var srcRow = src + ((long)sy * rowLength);
                    for (var x = 0; x < firstInside; x++)
                    {
                        AddScaled(dstRow + (x * channels), srcRow, weight, channels);
                    }

                    AddScaled(dstRow + (firstInside * channels), srcRow + ((firstInside + ox) * channels), weight, (lastInside - firstInside) * channels);
                    for (var x = lastInside; x < width; x++)
                    {
                        AddScaled(dstRow + (x * channels), srcRow + ((width - 1) * channels), weight, channels);
                    }
                }
            }
        }
    }

    /// <summary>destination[k] = destination[k] + weight·source[k]: product rounded, then the sum (numpy's order, no FMA).</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    internal static unsafe void AddScaled(double* destination, double* source, double weight, int count)
    {
        var k = 0;
        if (Vector512.IsHardwareAccelerated)
        {
            var w = Vector512.Create(weight);
            for (; k <= count - Vector512<double>.Count; k += Vector512<double>.Count)
            {
                (Vector512.Load(destination + k) + (w * Vector512.Load(source + k))).Store(destination + k);
            }
        }
        else if (Vector256.IsHardwareAccelerated)
        {
            var w = Vector256.Create(weight);
            for (; k <= count - Vector256<double>.Count; k += Vector256<double>.Count)
            {
                (Vector256.Load(destination + k) + (w * Vector256.Load(source + k))).Store(destination + k);
            }
        }

        for (; k < count; k++)
        {
            destination[k] += weight * source[k];
        }
    }
}
