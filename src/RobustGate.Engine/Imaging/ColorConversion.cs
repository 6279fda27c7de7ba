using System.Runtime.CompilerServices;

namespace RobustGate.Engine.Imaging;

/// <summary>Channel-count conversions as PIL's <c>Image.convert</c> does them for L, LA, RGB and RGBA.</summary>
public static class ColorConversion
{
    /// <summary>To 1-channel gray: L = (R*19595 + G*38470 + B*7471 + 0x8000) &gt;&gt; 16 (ITU-R 601-2 luma), alpha dropped.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static Image ToGray(Image image)
    {
        ArgumentNullException.ThrowIfNull(image);
        var n = image.Width * image.Height;
        var result = new Image(image.Width, image.Height, 1);
        var src = image.Pixels;
        var dst = result.Pixels;
        switch (image.Channels)
        {
            case 1:
                src.CopyTo(dst, 0);
                break;
            case 2:
                for (var i = 0; i < n; i++)
                {
                    dst[i] = src[2 * i];
                }

                break;
            default:
                var channels = image.Channels;
                for (int i = 0, at = 0; i < n; i++, at += channels)
                {
                    dst[i] = Luma(src[at], src[at + 1], src[at + 2]);
                }

                break;
        }

        return result;
    }

    /// <summary>To 3-channel RGB: gray replicated, alpha dropped (PIL's convert("RGB") for L, LA, RGBA).</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static Image ToRgb(Image image)
    {
        ArgumentNullException.ThrowIfNull(image);
        if (image.Channels == 3)
        {
            return image.Clone();
        }

        var n = image.Width * image.Height;
        var result = new Image(image.Width, image.Height, 3);
        var src = image.Pixels;
        var dst = result.Pixels;
        var channels = image.Channels;
        for (int i = 0, at = 0; i < n; i++, at += channels)
        {
            if (channels <= 2)
            {
                dst[3 * i] = dst[(3 * i) + 1] = dst[(3 * i) + 2] = src[at];
            }
            else
            {
                dst[3 * i] = src[at];
                dst[(3 * i) + 1] = src[at + 1];
                dst[(3 * i) + 2] = src[at + 2];
            }
        }

        return result;
    }

    /// <summary>Converts to the given channel count: 1 (gray) or 3 (RGB); other counts are returned as they are when equal.</summary>
    public static Image ToChannels(Image image, int channels)
    {
        ArgumentNullException.ThrowIfNull(image);
        return channels switch
        {
            _ when image.Channels == channels => image,
            1 => ToGray(image),
            3 => ToRgb(image),
            _ => throw new ArgumentOutOfRangeException(nameof(channels), channels, "Conversion targets are 1 (gray) or 3 (RGB) channels."),
        };
    }

    public static byte Luma(int r, int g, int b) => (byte)(((r * 19595) + (g * 38470) + (b * 7471) + 0x8000) >> 16);
}
