using System.Buffers;
using System.Runtime.CompilerServices;
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
    public static Image Resize(Image source, int width, int height, ResampleFilter filter) =>
        ResizeRegion(source, width, height, filter, 0, 0, width, height);

    /// <summary>
    /// The region [left, left + regionWidth) x [top, top + regionHeight) of
    /// <c>Resize(source, width, height, filter)</c>, computing only that region: every output pixel
    /// uses the same taps as in the full resize, so the values are identical (a resize followed
    /// by a crop, as torchvision's Resize + CenterCrop, at a fraction of the work).
    /// </summary>
    public static Image ResizeRegion(Image source, int width, int height, ResampleFilter filter, int left, int top, int regionWidth, int regionHeight)
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

        if (left < 0 || top < 0 || regionWidth < 1 || regionHeight < 1 || left + regionWidth > width || top + regionHeight > height)
        {
            throw new ArgumentOutOfRangeException(nameof(left), $"Region {regionWidth}x{regionHeight} at ({left}, {top}) is not inside the {width}x{height} result.");
        }

        var whole = regionWidth == width && regionHeight == height;
        if (width == source.Width && height == source.Height)
        {
            // PIL returns a copy for a same-size resize (no premultiplication round trip).
            return whole ? source.Clone() : Crop(source, left, top, regionWidth, regionHeight);
        }

        if (filter == ResampleFilter.Nearest)
        {
            var full = Nearest(source, width, height);
            return whole ? full : Crop(full, left, top, regionWidth, regionHeight);
        }

        var hasAlpha = source.Channels is 2 or 4;
        var input = hasAlpha ? Premultiply(source) : source;
        var output = Convolve(input, width, height, filter, left, top, regionWidth, regionHeight);
        if (hasAlpha)
        {
            Unpremultiply(output);
        }

        return output;
    }

    private static Image Convolve(Image source, int width, int height, ResampleFilter filter, int left, int top, int regionWidth, int regionHeight)
    {
        // PIL skips a pass whose size does not change; that pass is then the identity.
        var needHorizontal = width != source.Width;
        var needVertical = height != source.Height;
        var vertical = needVertical ? ResampleCoefficients.Compute(source.Height, 0, source.Height, height, filter) : null;

        // Only the source rows the vertical pass reads are resampled horizontally, as PIL does.
        var lastOut = top + regionHeight - 1;
        var firstRow = vertical is null ? top : vertical.First[top];
        var lastRow = vertical is null ? top + regionHeight : vertical.First[lastOut] + vertical.Count[lastOut];
        Image middle;
        if (needHorizontal)
        {
            var horizontal = ResampleCoefficients.Compute(source.Width, 0, source.Width, width, filter);
            middle = ImagePool.Rent(regionWidth, lastRow - firstRow, source.Channels);
            Horizontal(source, firstRow, left, middle, horizontal);
        }
        else
        {
            middle = Crop(source, left, firstRow, regionWidth, lastRow - firstRow);
        }

        if (vertical is null)
        {
            return middle;
        }

        var output = ImagePool.Rent(regionWidth, regionHeight, source.Channels);
        Vertical(middle, firstRow, top, output, vertical);
        ImagePool.Return(middle);
        return output;
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static Image Crop(Image source, int left, int top, int width, int height)
    {
        var channels = source.Channels;
        var result = new Image(width, height, channels);
        for (var y = 0; y < height; y++)
        {
            source.Row(top + y).Slice(left * channels, width * channels).CopyTo(result.Row(y));
        }

        return result;
    }

    /// <summary>Output column x uses the taps of result column <paramref name="left"/> + x; input row 0 is source row <paramref name="firstRow"/>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void Horizontal(Image input, int firstRow, int left, Image output, ResampleCoefficients coefficients)
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
                var column = left + x;
                var k = taps.AsSpan(column * kernelSize, coefficients.Count[column]);
                var at = coefficients.First[column] * channels;
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

    /// <summary>Output row y uses the taps of result row <paramref name="top"/> + y; input row 0 is source row <paramref name="firstRow"/>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void Vertical(Image input, int firstRow, int top, Image output, ResampleCoefficients coefficients)
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
                var row = top + y;
                var k = taps.AsSpan(row * kernelSize, coefficients.Count[row]);
                var first = coefficients.First[row] - firstRow;
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
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
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

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
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

        var output = ImagePool.Rent(width, height, channels);
        var yStep = (double)source.Height / height;
        var yo = yStep * 0.5;
        var previous = -1;
        for (var y = 0; y < height; y++)
        {
            var yi = Math.Min(yo < 0.0 ? 0 : (int)yo, source.Height - 1);
            yo += yStep;
            var outRow = output.Row(y);
            if (yi == previous)
            {
                // Up-sampling repeats rows: copy the finished one.
                output.Row(y - 1).CopyTo(outRow);
                continue;
            }

            previous = yi;
            ReadOnlySpan<byte> inRow = source.Row(yi);
            // Byte copies: a memmove call per 1..4-byte pixel costs more than the copy itself.
            for (int x = 0, o = 0; x < width; x++)
            {
                var s = xIndex[x] * channels;
                for (var c = 0; c < channels; c++, o++)
                {
                    outRow[o] = inRow[s + c];
                }
            }
        }

        return output;
    }

    /// <summary>PIL's RGBA -> RGBa (and LA -> La): colour times alpha / 255, rounded.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
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
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
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
