using RobustGate.Engine.Imaging;

namespace RobustGate.Engine.Training.AugMix;

/// <summary>
/// PIL's ImageEnhance (Color, Contrast, Brightness, Sharpness): Image.blend(degenerate, image,
/// factor) with PIL's single-precision arithmetic — truncation for factors in [0, 1],
/// clamping then truncation outside. The degenerate images: the luma image (L = (19595·R +
/// 38470·G + 7471·B + 2¹⁵) >> 16) for Color, a flat image of the rounded mean luma for Contrast,
/// black for Brightness and PIL's SMOOTH 3×3 filter (border pixels kept) for Sharpness. On gray
/// images the luma is the image itself, so Color is the identity.
/// </summary>
public static class EnhanceOps
{
    private const float SmoothCentre = 5f / 13f;
    private const float SmoothSide = 1f / 13f;

    /// <summary>ImageEnhance.Color(image).enhance(factor).</summary>
    public static void Color(Image source, Image destination, float factor)
    {
        LookupTableOps.Check(source, destination);
        var src = source.Pixels;
        var dst = destination.Pixels;
        var channels = source.Channels;
        if (channels == 1)
        {
            src.CopyTo(dst, 0);
            return;
        }

        for (var o = 0; o < src.Length; o += channels)
        {
            var luma = Luma(src, o);
            for (var k = 0; k < 3; k++)
            {
                dst[o + k] = Blend(luma, src[o + k], factor);
            }

            for (var k = 3; k < channels; k++)
            {
                dst[o + k] = src[o + k];
            }
        }
    }

    /// <summary>ImageEnhance.Contrast(image).enhance(factor): blend with the mean luma.</summary>
    public static void Contrast(Image source, Image destination, float factor)
    {
        LookupTableOps.Check(source, destination);
        var src = source.Pixels;
        var dst = destination.Pixels;
        var channels = source.Channels;
        // ImageStat's mean of the L histogram: Σ i·h[i] / n, then int(mean + 0.5).
        long sum = 0;
        for (var o = 0; o < src.Length; o += channels)
        {
            sum += channels == 1 ? src[o] : Luma(src, o);
        }

        var pixelCount = src.Length / channels;
        var mean = (byte)(int)(((double)sum / pixelCount) + 0.5);
        BlendWithConstant(src, dst, mean, factor);
    }

    /// <summary>ImageEnhance.Brightness(image).enhance(factor): blend with black.</summary>
    public static void Brightness(Image source, Image destination, float factor)
    {
        LookupTableOps.Check(source, destination);
        BlendWithConstant(source.Pixels, destination.Pixels, 0, factor);
    }

    /// <summary>ImageEnhance.Sharpness(image).enhance(factor): blend with the SMOOTH-filtered image.</summary>
    public static void Sharpness(Image source, Image destination, float factor)
    {
        LookupTableOps.Check(source, destination);
        var src = source.Pixels;
        var dst = destination.Pixels;
        var width = source.Width;
        var height = source.Height;
        var channels = source.Channels;
        var stride = width * channels;
        for (var y = 0; y < height; y++)
        {
            for (var x = 0; x < width; x++)
            {
                var o = (y * stride) + (x * channels);
                var border = y == 0 || y == height - 1 || x == 0 || x == width - 1;
                for (var k = 0; k < channels; k++)
                {
                    // PIL keeps the border of a filtered image as it was, so the blend leaves it unchanged there too.
                    var smooth = border ? src[o + k] : Smooth(src, o + k, stride, channels);
                    dst[o + k] = Blend(smooth, src[o + k], factor);
                }
            }
        }
    }

    private static void BlendWithConstant(byte[] src, byte[] dst, byte degenerate, float factor)
    {
        // A constant degenerate image makes the blend a function of the pixel value alone.
        Span<byte> lut = stackalloc byte[256];
        for (var v = 0; v < 256; v++)
        {
            lut[v] = Blend(degenerate, (byte)v, factor);
        }

        for (var i = 0; i < src.Length; i++)
        {
            dst[i] = lut[src[i]];
        }
    }

    private static byte Smooth(byte[] src, int o, int stride, int channels)
    {
        // PIL's ImagingFilter3x3: rows y+1, y, y−1, each left, centre, right, accumulated in float.
        var ss = 0f;
        ss += Row(src, o + stride, channels, SmoothSide);
        ss += (src[o - channels] * SmoothSide) + (src[o] * SmoothCentre) + (src[o + channels] * SmoothSide);
        ss += Row(src, o - stride, channels, SmoothSide);
        return ss <= 0f ? (byte)0 : ss >= 255f ? (byte)255 : (byte)(ss + 0.5f);
    }

    private static float Row(byte[] src, int o, int channels, float weight) =>
        (src[o - channels] * weight) + (src[o] * weight) + (src[o + channels] * weight);

    private static byte Luma(byte[] src, int o) => (byte)(((src[o] * 19595) + (src[o + 1] * 38470) + (src[o + 2] * 7471) + 0x8000) >> 16);

    private static byte Blend(byte degenerate, byte image, float factor)
    {
        var value = degenerate + (factor * (image - degenerate));
        if (factor is >= 0f and <= 1f)
        {
            return (byte)value;
        }

        return value <= 0f ? (byte)0 : value >= 255f ? (byte)255 : (byte)value;
    }
}
