using System.Buffers;
using System.Runtime.Intrinsics;

namespace RobustGate.Engine.Imaging;

/// <summary>
/// PIL's <c>Image.resize</c>, reproduced to the bit: the same kernels, support scaled by the
/// downscale factor, 22-bit fixed-point taps, a horizontal pass over only the rows the vertical
/// pass needs, then the vertical pass; nearest uses PIL's affine nearest-neighbour mapping.
/// Images with alpha are resized premultiplied, as PIL does for RGBA and LA.
/// </summary>
public static class Resample
{
    public static Image Resize(Image source, int width, int height, ResampleFilter filter)
    {
        ArgumentNullException.ThrowIfNull(source);
        if (width < 1 || height < 1)
        {
            throw new ArgumentOutOfRangeException(nameof(width), $"Resize target {width}x{height}: expected at least 1x1.");
        }

        if (source.Width < 1 || source.Height < 1)
        {
            throw new ArgumentException("Cannot resize an empty image.", nameof(source));
        }

        if (filter == ResampleFilter.Nearest)
        {
            return Nearest(source, width, height);
        }

        var hasAlpha = source.Channels is 2 or 4;
        var input = hasAlpha ? Premultiply(source) : source;
        var output = Convolve(input, width, height, filter);
        if (hasAlpha)
        {
            Unpremultiply(output);
        }

        return output;
    }

    private static Image Convolve(Image source, int width, int height, ResampleFilter filter)
    {
        var needHorizontal = width != source.Width;
        var needVertical = height != source.Height;
        if (!needHorizontal && !needVertical)
        {
            return source.Clone();
        }

        var horizontal = ResampleCoefficients.Compute(source.Width, 0, source.Width, width, filter);
        var vertical = ResampleCoefficients.Compute(source.Height, 0, source.Height, height, filter);
        var image = source;
        if (needHorizontal)
        {
            // Only the rows the vertical pass reads are resampled horizontally, as PIL does.
            var firstRow = vertical.First[0];
            var lastRow = vertical.First[height - 1] + vertical.Count[height - 1];
            if (!needVertical)
            {
                firstRow = 0;
                lastRow = source.Height;
            }

            image = new Image(width, lastRow - firstRow, source.Channels);
            Horizontal(source, firstRow, image, horizontal);
            if (needVertical)
            {
                for (var i = 0; i < height; i++)
                {
                    vertical.First[i] -= firstRow;
                }
            }
        }

        if (needVertical)
        {
            var output = new Image(width, height, source.Channels);
            Vertical(image, output, vertical);
            image = output;
        }

        return image;
    }

    private static void Horizontal(Image input, int firstRow, Image output, ResampleCoefficients coefficients)
    {
        var channels = input.Channels;
        var kernelSize = coefficients.KernelSize;
        var taps = coefficients.Taps;
        const int half = 1 << (ResampleCoefficients.PrecisionBits - 1);
        for (var y = 0; y < output.Height; y++)
        {
            ReadOnlySpan<byte> inRow = input.Row(y + firstRow);
            var outRow = output.Row(y);
            for (var x = 0; x < output.Width; x++)
            {
                var k = taps.AsSpan(x * kernelSize, coefficients.Count[x]);
                var at = coefficients.First[x] * channels;
                if (channels == 3)
                {
                    // All three channels per tap: the same sums in the same order as per channel.
                    int s0 = half, s1 = half, s2 = half;
                    foreach (var w in k)
                    {
                        s0 += inRow[at] * w;
                        s1 += inRow[at + 1] * w;
                        s2 += inRow[at + 2] * w;
                        at += 3;
                    }

                    outRow[3 * x] = Clip8(s0);
                    outRow[(3 * x) + 1] = Clip8(s1);
                    outRow[(3 * x) + 2] = Clip8(s2);
                    continue;
                }

                for (var c = 0; c < channels; c++)
                {
                    var sum = half;
                    var p = at + c;
                    foreach (var w in k)
                    {
                        sum += inRow[p] * w;
                        p += channels;
                    }

                    outRow[(x * channels) + c] = Clip8(sum);
                }
            }
        }
    }

    private static void Vertical(Image input, Image output, ResampleCoefficients coefficients)
    {
        var stride = input.Width * input.Channels;
        var kernelSize = coefficients.KernelSize;
        var taps = coefficients.Taps;
        var pixels = input.Pixels;
        var sums = ArrayPool<int>.Shared.Rent(stride);
        try
        {
            for (var y = 0; y < output.Height; y++)
            {
                var k = taps.AsSpan(y * kernelSize, coefficients.Count[y]);
                var first = coefficients.First[y];
                var acc = sums.AsSpan(0, stride);
                acc.Fill(1 << (ResampleCoefficients.PrecisionBits - 1));
                // Row-at-a-time accumulation adds the same terms in the same order as PIL's
                // per-pixel loop, so the integer results are identical.
                for (var i = 0; i < k.Length; i++)
                {
                    AccumulateRow(pixels.AsSpan((first + i) * stride, stride), k[i], acc);
                }

                var outRow = output.Row(y);
                for (var j = 0; j < stride; j++)
                {
                    outRow[j] = Clip8(acc[j]);
                }
            }
        }
        finally
        {
            ArrayPool<int>.Shared.Return(sums);
        }
    }

    /// <summary>acc[j] += row[j] * tap, 32 bytes at a time where vectors are available.</summary>
    private static void AccumulateRow(ReadOnlySpan<byte> row, int tap, Span<int> acc)
    {
        var j = 0;
        if (Vector256.IsHardwareAccelerated)
        {
            var t = Vector256.Create(tap);
            for (; j + 32 <= row.Length; j += 32)
            {
                var (lo, hi) = Vector256.Widen(Vector256.Create(row.Slice(j, 32)));
                var (a, b) = Vector256.Widen(lo);
                var (c, d) = Vector256.Widen(hi);
                var target = acc.Slice(j, 32);
                (Vector256.Create(target) + (a.AsInt32() * t)).CopyTo(target);
                (Vector256.Create(target[8..]) + (b.AsInt32() * t)).CopyTo(target[8..]);
                (Vector256.Create(target[16..]) + (c.AsInt32() * t)).CopyTo(target[16..]);
                (Vector256.Create(target[24..]) + (d.AsInt32() * t)).CopyTo(target[24..]);
            }
        }

        for (; j < row.Length; j++)
        {
            acc[j] += row[j] * tap;
        }
    }

    private static byte Clip8(int value)
    {
        if (value >= 1 << ResampleCoefficients.PrecisionBits << 8)
        {
            return 255;
        }

        return value <= 0 ? (byte)0 : (byte)(value >> ResampleCoefficients.PrecisionBits);
    }

    private static Image Nearest(Image source, int width, int height)
    {
        // PIL maps output pixel centres through an affine transform, stepping the source
        // coordinate by repeated addition (Geometry.c, ImagingScaleAffine); the same double
        // arithmetic gives the same picks.
        var channels = source.Channels;
        var xIndex = new int[width];
        var xStep = (double)source.Width / width;
        var xo = xStep * 0.5;
        for (var x = 0; x < width; x++)
        {
            xIndex[x] = Math.Min(xo < 0.0 ? 0 : (int)xo, source.Width - 1);
            xo += xStep;
        }

        var output = new Image(width, height, channels);
        var yStep = (double)source.Height / height;
        var yo = yStep * 0.5;
        for (var y = 0; y < height; y++)
        {
            var yi = Math.Min(yo < 0.0 ? 0 : (int)yo, source.Height - 1);
            yo += yStep;
            ReadOnlySpan<byte> inRow = source.Row(yi);
            var outRow = output.Row(y);
            for (var x = 0; x < width; x++)
            {
                inRow.Slice(xIndex[x] * channels, channels).CopyTo(outRow[(x * channels)..]);
            }
        }

        return output;
    }

    /// <summary>PIL's RGBA -> RGBa (and LA -> La): colour times alpha / 255, rounded.</summary>
    private static Image Premultiply(Image source)
    {
        var result = source.Clone();
        var p = result.Pixels;
        var channels = result.Channels;
        for (var i = 0; i < p.Length; i += channels)
        {
            int alpha = p[i + channels - 1];
            for (var c = 0; c < channels - 1; c++)
            {
                var t = (p[i + c] * alpha) + 128;
                p[i + c] = (byte)(((t >> 8) + t) >> 8);
            }
        }

        return result;
    }

    /// <summary>PIL's RGBa -> RGBA: colour * 255 / alpha, truncated and clipped.</summary>
    private static void Unpremultiply(Image image)
    {
        var p = image.Pixels;
        var channels = image.Channels;
        for (var i = 0; i < p.Length; i += channels)
        {
            int alpha = p[i + channels - 1];
            if (alpha is 0 or 255)
            {
                continue;
            }

            for (var c = 0; c < channels - 1; c++)
            {
                p[i + c] = (byte)Math.Min(255, p[i + c] * 255 / alpha);
            }
        }
    }
}
