using RobustGate.Engine.Imaging;

namespace RobustGate.Engine.Training.AugMix;

/// <summary>
/// The per-pixel PIL ImageOps operations, each a 256-entry lookup table per channel built as
/// PIL builds it (autocontrast with cutoff 0, equalize without mask, posterize, solarize), so
/// results are identical to PIL's for every channel count (gray images are PIL's mode "L").
/// </summary>
public static class LookupTableOps
{
    /// <summary>ImageOps.autocontrast: per channel, stretches [lowest, highest] used level to [0, 255].</summary>
    public static void AutoContrast(Image source, Image destination)
    {
        Check(source, destination);
        Span<int> histogram = stackalloc int[256];
        Span<byte> lut = stackalloc byte[256];
        for (var c = 0; c < source.Channels; c++)
        {
            Histogram(source, c, histogram);
            var lo = 0;
            while (lo < 256 && histogram[lo] == 0)
            {
                lo++;
            }

            var hi = 255;
            while (hi >= 0 && histogram[hi] == 0)
            {
                hi--;
            }

            if (hi <= lo)
            {
                Identity(lut);
            }
            else
            {
                // PIL: scale = 255.0 / (hi - lo); offset = -lo * scale; int() truncates toward zero.
                var scale = 255.0 / (hi - lo);
                var offset = -lo * scale;
                for (var i = 0; i < 256; i++)
                {
                    var v = (int)((i * scale) + offset);
                    lut[i] = (byte)Math.Clamp(v, 0, 255);
                }
            }

            ApplyChannel(source, destination, c, lut);
        }
    }

    /// <summary>ImageOps.equalize: per channel, PIL's integer cumulative-histogram table.</summary>
    public static void Equalize(Image source, Image destination)
    {
        Check(source, destination);
        Span<int> histogram = stackalloc int[256];
        Span<byte> lut = stackalloc byte[256];
        for (var c = 0; c < source.Channels; c++)
        {
            Histogram(source, c, histogram);
            var used = 0;
            var total = 0;
            var last = 0;
            for (var i = 0; i < 256; i++)
            {
                if (histogram[i] != 0)
                {
                    used++;
                    total += histogram[i];
                    last = histogram[i];
                }
            }

            // PIL: step = (sum of the non-zero bins − the last non-zero bin) // 255.
            var step = used <= 1 ? 0 : (total - last) / 255;
            if (step == 0)
            {
                Identity(lut);
            }
            else
            {
                var n = step / 2;
                for (var i = 0; i < 256; i++)
                {
                    lut[i] = (byte)Math.Min(n / step, 255);
                    n += histogram[i];
                }
            }

            ApplyChannel(source, destination, c, lut);
        }
    }

    /// <summary>ImageOps.posterize: keeps the top <paramref name="bits"/> bits (1..8).</summary>
    public static void Posterize(Image source, Image destination, int bits)
    {
        Check(source, destination);
        ArgumentOutOfRangeException.ThrowIfLessThan(bits, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(bits, 8);
        var mask = (byte)~((1 << (8 - bits)) - 1);
        var src = source.Pixels;
        var dst = destination.Pixels;
        for (var i = 0; i < src.Length; i++)
        {
            dst[i] = (byte)(src[i] & mask);
        }
    }

    /// <summary>ImageOps.solarize: inverts every value at or above <paramref name="threshold"/>.</summary>
    public static void Solarize(Image source, Image destination, int threshold)
    {
        Check(source, destination);
        var src = source.Pixels;
        var dst = destination.Pixels;
        for (var i = 0; i < src.Length; i++)
        {
            dst[i] = src[i] < threshold ? src[i] : (byte)(255 - src[i]);
        }
    }

    internal static void Check(Image source, Image destination)
    {
        ArgumentNullException.ThrowIfNull(source);
        ArgumentNullException.ThrowIfNull(destination);
        if (source.Width != destination.Width || source.Height != destination.Height || source.Channels != destination.Channels)
        {
            throw new ArgumentException($"destination {destination.Width}x{destination.Height}x{destination.Channels} differs from source {source.Width}x{source.Height}x{source.Channels}.", nameof(destination));
        }
    }

    private static void Histogram(Image image, int channel, Span<int> histogram)
    {
        histogram.Clear();
        var pixels = image.Pixels;
        for (var i = channel; i < pixels.Length; i += image.Channels)
        {
            histogram[pixels[i]]++;
        }
    }

    private static void Identity(Span<byte> lut)
    {
        for (var i = 0; i < 256; i++)
        {
            lut[i] = (byte)i;
        }
    }

    private static void ApplyChannel(Image source, Image destination, int channel, ReadOnlySpan<byte> lut)
    {
        var src = source.Pixels;
        var dst = destination.Pixels;
        for (var i = channel; i < src.Length; i += source.Channels)
        {
            dst[i] = lut[src[i]];
        }
    }
}
