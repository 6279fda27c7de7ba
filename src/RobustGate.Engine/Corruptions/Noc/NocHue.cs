using RobustGate.Engine.Imaging;
using RobustGate.Engine.Randomness;

namespace RobustGate.Engine.Corruptions.Noc;

/// <summary>
/// NOC hue: torchvision's <c>adjust_hue</c> on an 8-bit image by a factor f, |f| ∈ [0.05, 0.5]
/// (sign drawn first) — PIL's 8-bit HSV, hue + uint8(f·255) wrapping, back to RGB.
/// </summary>
public sealed class NocHue : NocCorruption
{
    public NocHue()
        : base("noc_hue", "hue rotation by +-[0.05, 0.5] of the colour circle")
    {
    }

    protected override Image ApplyRgb(Image rgb, int severity, NumpyRandom rng)
    {
        var sign = rng.NextDouble() < 0.5 ? -1.0 : 1.0;
        var factor = sign * DrawAmount(0.05, 0.5, severity, rng);
        var shift = (byte)(int)(factor * 255);
        var output = new Image(rgb.Width, rgb.Height, 3);
        var src = rgb.Pixels;
        var dst = output.Pixels;
        for (var i = 0; i < src.Length; i += 3)
        {
            var (h, s, v) = RgbToHsv(src[i], src[i + 1], src[i + 2]);
            (dst[i], dst[i + 1], dst[i + 2]) = HsvToRgb((byte)(h + shift), s, v);
        }

        return output;
    }

    /// <summary>PIL's RGB to HSV (Convert.c): hue and saturation scaled to 0..255 and truncated.</summary>
    private static (byte H, byte S, byte V) RgbToHsv(byte r, byte g, byte b)
    {
        int max = Math.Max(r, Math.Max(g, b)), min = Math.Min(r, Math.Min(g, b));
        if (max == min)
        {
            return (0, 0, (byte)max);
        }

        double range = max - min;
        var s = range / max;
        double rc = (max - r) / range, gc = (max - g) / range, bc = (max - b) / range;
        var h = r == max ? bc - gc : g == max ? 2.0 + rc - bc : 4.0 + gc - rc;
        h = (h / 6.0) % 1.0;
        if (h < 0)
        {
            h += 1.0;
        }

        return ((byte)Math.Clamp((int)(h * 255.0), 0, 255), (byte)Math.Clamp((int)(s * 255.0), 0, 255), (byte)max);
    }

    /// <summary>PIL's HSV to RGB (Convert.c), rounding each channel.</summary>
    private static (byte R, byte G, byte B) HsvToRgb(byte hue, byte saturation, byte value)
    {
        if (saturation == 0)
        {
            return (value, value, value);
        }

        var h = hue * 6.0 / 255.0;
        var i = (int)Math.Floor(h);
        var f = h - i;
        var s = saturation / 255.0;
        var v = (double)value;
        var p = (byte)Math.Clamp((int)Math.Round(v * (1.0 - s)), 0, 255);
        var q = (byte)Math.Clamp((int)Math.Round(v * (1.0 - (s * f))), 0, 255);
        var t = (byte)Math.Clamp((int)Math.Round(v * (1.0 - (s * (1.0 - f)))), 0, 255);
        return (i % 6) switch
        {
            0 => (value, t, p),
            1 => (q, value, p),
            2 => (p, value, t),
            3 => (p, q, value),
            4 => (t, p, value),
            _ => (value, p, q),
        };
    }
}
