using System.Runtime.CompilerServices;

namespace RobustGate.Engine.Imaging.Filters;

/// <summary>
/// skimage.color rgb2hsv / hsv2rgb (scikit-image 0.19) on float64 interleaved RGB/HSV pixels
/// (3 values per pixel, row-major), with the library's operation order so that brightness and
/// saturate round-trip to the same doubles: ties for the hue resolve blue over green over red
/// (later assignments win), hue = (h/6) mod 1 (Python's floored modulo), hsv2rgb selects with
/// floor(6H) mod 6. Source and destination may be the same buffer.
/// </summary>
public static class SkimageHsv
{
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void RgbToHsv(ReadOnlySpan<double> rgb, Span<double> hsv)
    {
        Check(rgb.Length, hsv.Length);
        for (var i = 0; i < rgb.Length; i += 3)
        {
            double r = rgb[i], g = rgb[i + 1], b = rgb[i + 2];
            var v = Math.Max(Math.Max(r, g), b);
            var delta = v - Math.Min(Math.Min(r, g), b);
            var s = delta / v;
            if (delta == 0)
            {
                s = 0;
            }

            // numpy evaluates every branch's expression for its own mask; the last true mask wins.
            var h = 0.0;
            if (r == v)
            {
                h = (g - b) / delta;
            }

            if (g == v)
            {
                h = 2.0 + ((b - r) / delta);
            }

            if (b == v)
            {
                h = 4.0 + ((r - g) / delta);
            }

            h = FlooredModOne(h / 6.0);
            if (delta == 0)
            {
                h = 0;
            }

            hsv[i] = double.IsNaN(h) ? 0 : h;
            hsv[i + 1] = double.IsNaN(s) ? 0 : s;
            hsv[i + 2] = double.IsNaN(v) ? 0 : v;
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void HsvToRgb(ReadOnlySpan<double> hsv, Span<double> rgb)
    {
        Check(hsv.Length, rgb.Length);
        for (var i = 0; i < hsv.Length; i += 3)
        {
            double h = hsv[i], s = hsv[i + 1], v = hsv[i + 2];
            var hi = Math.Floor(h * 6);
            var f = (h * 6) - hi;
            var p = v * (1 - s);
            var q = v * (1 - (f * s));
            var t = v * (1 - ((1 - f) * s));

            // astype(uint8) % 6: h is in [0, 1] here, so the cast is exact.
            switch ((byte)hi % 6)
            {
                case 0: Set(rgb, i, v, t, p); break;
                case 1: Set(rgb, i, q, v, p); break;
                case 2: Set(rgb, i, p, v, t); break;
                case 3: Set(rgb, i, p, q, v); break;
                case 4: Set(rgb, i, t, p, v); break;
                default: Set(rgb, i, v, p, q); break;
            }
        }
    }

    /// <summary>
    /// numpy's float remainder with divisor 1 (the result takes the divisor's sign). Here |x| &lt; 1
    /// (the hue before /6 lies in [−1, 5]), where fmod(x, 1) is x itself, so only the sign fix-up
    /// and numpy's +0.0 for a zero remainder remain.
    /// </summary>
    private static double FlooredModOne(double x)
    {
        if (!(Math.Abs(x) < 1.0))
        {
            var r = x % 1.0;
            return r < 0 ? r + 1.0 : r == 0 ? 0.0 : r;
        }

        return x < 0 ? x + 1.0 : x == 0 ? 0.0 : x;
    }

    private static void Set(Span<double> rgb, int i, double r, double g, double b)
    {
        rgb[i] = r;
        rgb[i + 1] = g;
        rgb[i + 2] = b;
    }

    private static void Check(int sourceLength, int destinationLength)
    {
        if (sourceLength % 3 != 0 || sourceLength != destinationLength)
        {
            throw new ArgumentException($"Expected two buffers of the same length, a multiple of 3; got {sourceLength} and {destinationLength}.");
        }
    }
}
