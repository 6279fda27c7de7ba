using RobustGate.Engine.Imaging;

namespace RobustGate.Engine.Tests.Imaging;

/// <summary>
/// The vectorised colour conversions against the table-driven scalar ones, exhaustively: every
/// one of the 2^24 (Y, Cb, Cr) and (R, G, B) triples must convert to the same bytes.
/// </summary>
public class JpegColorVectorTests
{
    [Fact]
    public void Constants_are_libjpegs_fixed_point_coefficients()
    {
        Assert.Equal((long)JpegColorVector.FixYr, JpegColor.Fix(0.29900));
        Assert.Equal((long)JpegColorVector.FixYg, JpegColor.Fix(0.58700));
        Assert.Equal((long)JpegColorVector.FixYb, JpegColor.Fix(0.11400));
        Assert.Equal((long)JpegColorVector.FixCbR, JpegColor.Fix(0.16874));
        Assert.Equal((long)JpegColorVector.FixCbG, JpegColor.Fix(0.33126));
        Assert.Equal((long)JpegColorVector.FixHalf, JpegColor.Fix(0.50000));
        Assert.Equal((long)JpegColorVector.FixCrG, JpegColor.Fix(0.41869));
        Assert.Equal((long)JpegColorVector.FixCrB, JpegColor.Fix(0.08131));
        Assert.Equal((long)JpegColorVector.FixCrToR, JpegColor.Fix(1.40200));
        Assert.Equal((long)JpegColorVector.FixCbToB, JpegColor.Fix(1.77200));
        Assert.Equal((long)JpegColorVector.FixCbToG, JpegColor.Fix(0.34414));
        Assert.Equal((long)JpegColorVector.FixCrToG, JpegColor.Fix(0.71414));
    }

    [Fact]
    public void Ycc_to_rgb_equals_the_scalar_conversion_for_every_triple()
    {
        // One row per Cr value holds all 65536 (Y, Cb) pairs; 65536 is a multiple of 16, so the
        // public method runs the vector path on the whole row where the CPU has it.
        const int n = 65536;
        var y = new byte[n];
        var cb = new byte[n];
        var cr = new byte[n];
        for (var i = 0; i < n; i++)
        {
            y[i] = (byte)i;
            cb[i] = (byte)(i >> 8);
        }

        var actual = new byte[3 * n];
        var expected = new byte[3 * n];
        for (var r = 0; r < 256; r++)
        {
            Array.Fill(cr, (byte)r);
            JpegColor.YccToRgb(y, cb, cr, actual);
            JpegColor.YccToRgbScalar(y, cb, cr, expected);
            Assert.True(expected.AsSpan().SequenceEqual(actual), $"Cr = {r}");
        }
    }

    [Fact]
    public void Rgb_to_ycc_equals_the_scalar_conversion_for_every_triple()
    {
        const int n = 65536;
        var rgb = new byte[3 * n];
        var planes = new byte[6][];
        for (var p = 0; p < planes.Length; p++)
        {
            planes[p] = new byte[n];
        }

        for (var red = 0; red < 256; red++)
        {
            for (var i = 0; i < n; i++)
            {
                rgb[3 * i] = (byte)red;
                rgb[(3 * i) + 1] = (byte)i;
                rgb[(3 * i) + 2] = (byte)(i >> 8);
            }

            JpegColor.RgbToYccPlanes(rgb, 3, n, planes[0], planes[1], planes[2]);
            JpegColor.RgbToYccPlanesScalar(rgb, 3, n, planes[3], planes[4], planes[5]);
            for (var p = 0; p < 3; p++)
            {
                Assert.True(planes[p + 3].AsSpan().SequenceEqual(planes[p]), $"R = {red}, plane {p}");
            }
        }
    }

    [Theory]
    [InlineData(1)]
    [InlineData(15)]
    [InlineData(16)]
    [InlineData(21)]
    [InlineData(37)]
    public void Short_rows_convert_like_the_scalar_code(int n)
    {
        // Rows whose length leaves a scalar tail, or that are too short for one 64-byte load.
        var random = new Random(n);
        var rgb = new byte[3 * n];
        random.NextBytes(rgb);
        var fast = new[] { new byte[n], new byte[n], new byte[n] };
        var slow = new[] { new byte[n], new byte[n], new byte[n] };
        JpegColor.RgbToYccPlanes(rgb, 3, n, fast[0], fast[1], fast[2]);
        JpegColor.RgbToYccPlanesScalar(rgb, 3, n, slow[0], slow[1], slow[2]);
        for (var p = 0; p < 3; p++)
        {
            Assert.Equal(slow[p], fast[p]);
        }

        var back = new byte[3 * n];
        var backSlow = new byte[3 * n];
        JpegColor.YccToRgb(fast[0], fast[1], fast[2], back);
        JpegColor.YccToRgbScalar(fast[0], fast[1], fast[2], backSlow);
        Assert.Equal(backSlow, back);
    }
}
