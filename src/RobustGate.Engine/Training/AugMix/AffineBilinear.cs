using System.Globalization;
using RobustGate.Engine.Imaging;

namespace RobustGate.Engine.Training.AugMix;

/// <summary>
/// PIL's Image.transform(size, AFFINE, (a, b, c, d, e, f), BILINEAR) on 8-bit images, same
/// size, black fill: output pixel (x, y) samples the source at (a·(x+½) + b·(y+½) + c,
/// d·(x+½) + e·(y+½) + f) in double precision; a sample point outside [0, W)×[0, H) gives 0;
/// inside, the four neighbours (indices clamped to the image) are interpolated with the
/// weights of the point shifted by −½, and the result is truncated to a byte, as PIL's
/// bilinear_filter8/32 do. Rotation builds PIL's Image.rotate matrix (centre (W/2, H/2),
/// cos/sin rounded to 15 decimals).
/// </summary>
public static class AffineBilinear
{
    // AugMix draws whole degrees in (−30, 30); the matrices for them are fixed, so they are built once.
    private const int MaxTabulatedDegrees = 45;
    private static readonly (double Cos, double Sin)[] RotationTable = BuildRotationTable();

    /// <summary>Applies the inverse affine map (a..f, destination to source) with bilinear sampling.</summary>
    public static void Transform(Image source, Image destination, double a, double b, double c, double d, double e, double f)
    {
        LookupTableOps.Check(source, destination);
        if (a == 1 && b == 0 && d == 0 && e == 1 && c == Math.Floor(c) && f == Math.Floor(f) && Math.Abs(c) < source.Width + 1 && Math.Abs(f) < source.Height + 1)
        {
            // A whole-pixel translation samples exactly at pixel centres (weights 0), so PIL's
            // bilinear result is the shifted image with black where the sample point leaves it.
            Shift(source, destination, (int)c, (int)f);
            return;
        }

        var width = source.Width;
        var height = source.Height;
        var channels = source.Channels;
        var stride = width * channels;
        var src = source.Pixels;
        var dst = destination.Pixels;
        var o = 0;
        for (var y = 0; y < height; y++)
        {
            var yc = y + 0.5;
            var byc = b * yc;
            var eyc = e * yc;
            for (var x = 0; x < width; x++, o += channels)
            {
                var xc = x + 0.5;
                // Same operation order as PIL's affine_transform: (a·x + b·y) + c.
                var xin = (a * xc) + byc + c;
                var yin = (d * xc) + eyc + f;
                if (xin < 0.0 || xin >= width || yin < 0.0 || yin >= height)
                {
                    for (var k = 0; k < channels; k++)
                    {
                        dst[o + k] = 0;
                    }

                    continue;
                }

                xin -= 0.5;
                yin -= 0.5;
                var xf = Math.Floor(xin);
                var yf = Math.Floor(yin);
                var dx = xin - xf;
                var dy = yin - yf;
                var xi = (int)xf;
                var yi = (int)yf;
                // xin ≥ −½ and < width − ½, so only x0 = −1 and x1 = width need clamping (same for rows).
                var x0 = (xi < 0 ? 0 : xi) * channels;
                var x1 = (xi + 1 >= width ? width - 1 : xi + 1) * channels;
                var row0 = (yi < 0 ? 0 : yi) * stride;
                var hasRow1 = yi + 1 < height;
                var row1 = (yi + 1) * stride;
                for (var k = 0; k < channels; k++)
                {
                    double p = src[row0 + x0 + k];
                    var v1 = p + ((src[row0 + x1 + k] - p) * dx);
                    var v2 = v1;
                    if (hasRow1)
                    {
                        double q = src[row1 + x0 + k];
                        v2 = q + ((src[row1 + x1 + k] - q) * dx);
                    }

                    dst[o + k] = (byte)(v1 + ((v2 - v1) * dy));
                }
            }
        }
    }

    private static void Shift(Image source, Image destination, int dx, int dy)
    {
        var width = source.Width;
        var channels = source.Channels;
        var stride = width * channels;
        var src = source.Pixels.AsSpan();
        var dst = destination.Pixels.AsSpan();
        // Output (x, y) takes source (x + dx, y + dy) where that lies inside.
        var xStart = Math.Clamp(-dx, 0, width);
        var xEnd = Math.Clamp(width - dx, 0, width);
        for (var y = 0; y < source.Height; y++)
        {
            var row = dst.Slice(y * stride, stride);
            var sy = y + dy;
            if (sy < 0 || sy >= source.Height || xEnd <= xStart)
            {
                row.Clear();
                continue;
            }

            row[..(xStart * channels)].Clear();
            src.Slice((sy * stride) + ((xStart + dx) * channels), (xEnd - xStart) * channels).CopyTo(row[(xStart * channels)..]);
            row[(xEnd * channels)..].Clear();
        }
    }

    /// <summary>PIL's Image.rotate(degrees, BILINEAR): counter-clockwise about the centre, same size, black corners.</summary>
    public static void Rotate(Image source, Image destination, int degrees)
    {
        LookupTableOps.Check(source, destination);
        // PIL: angle % 360 == 0 is a plain copy.
        if (degrees % 360 == 0)
        {
            source.Pixels.CopyTo(destination.Pixels, 0);
            return;
        }

        var (cos, sin) = Math.Abs(degrees) <= MaxTabulatedDegrees ? RotationTable[degrees + MaxTabulatedDegrees] : RotationTerms(degrees);
        var cx = source.Width / 2.0;
        var cy = source.Height / 2.0;
        // matrix = (cos, sin, 0, −sin, cos, 0), then its translation is moved to the centre as PIL does.
        var c = (cos * -cx) + (sin * -cy) + 0.0 + cx;
        var f = (-sin * -cx) + (cos * -cy) + 0.0 + cy;
        Transform(source, destination, cos, sin, c, -sin, cos, f);
    }

    private static (double Cos, double Sin)[] BuildRotationTable()
    {
        var table = new (double, double)[(2 * MaxTabulatedDegrees) + 1];
        for (var deg = -MaxTabulatedDegrees; deg <= MaxTabulatedDegrees; deg++)
        {
            table[deg + MaxTabulatedDegrees] = RotationTerms(deg);
        }

        return table;
    }

    private static (double Cos, double Sin) RotationTerms(int degrees)
    {
        // Python: angle = -radians(angle % 360.0); cos/sin rounded to 15 decimals (round() is
        // correctly rounded in decimal; .NET's exact "F15" formatting plus parsing reproduces it).
        var angle = degrees % 360.0;
        if (angle < 0)
        {
            angle += 360.0;
        }

        var radians = -(angle * (Math.PI / 180.0));
        return (Round15(Math.Cos(radians)), Round15(Math.Sin(radians)));
    }

    private static double Round15(double value) =>
        double.Parse(value.ToString("F15", CultureInfo.InvariantCulture), NumberStyles.Float, CultureInfo.InvariantCulture);
}
