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
        for (var y = 0; y < output.Height; y++)
        {
            ReadOnlySpan<byte> inRow = input.Row(y + firstRow);
            var outRow = output.Row(y);
            for (var x = 0; x < output.Width; x++)
            {
                var k = taps.AsSpan(x * kernelSize, coefficients.Count[x]);
                var start = coefficients.First[x] * channels;
                for (var c = 0; c < channels; c++)
                {
                    var sum = 1 << (ResampleCoefficients.PrecisionBits - 1);
                    var at = start + c;
                    for (var i = 0; i < k.Length; i++, at += channels)
                    {
                        sum += inRow[at] * k[i];
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
        var sums = new int[stride];
        for (var y = 0; y < output.Height; y++)
        {
            var k = taps.AsSpan(y * kernelSize, coefficients.Count[y]);
            var first = coefficients.First[y];
            sums.AsSpan().Fill(1 << (ResampleCoefficients.PrecisionBits - 1));
            // Row-at-a-time accumulation adds the same terms in the same order as PIL's
            // per-pixel loop, so integer results are identical.
            for (var i = 0; i < k.Length; i++)
            {
                var row = pixels.AsSpan((first + i) * stride, stride);
                var tap = k[i];
                for (var j = 0; j < stride; j++)
                {
                    sums[j] += row[j] * tap;
                }
            }

            var outRow = output.Row(y);
            for (var j = 0; j < stride; j++)
            {
                outRow[j] = Clip8(sums[j]);
            }
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
