namespace RobustGate.Engine.Imaging;

/// <summary>
/// libjpeg's fixed-point YCbCr &lt;-&gt; RGB conversions (jdcolor.c and jccolor.c, 16 fraction
/// bits), with the tables built exactly as libjpeg builds them.
/// </summary>
internal static class JpegColor
{
    private const int ScaleBits = 16;
    private const int OneHalf = 1 << (ScaleBits - 1);

    // Decoding tables, indexed by the chroma sample 0..255.
    private static readonly int[] CrR = new int[256];
    private static readonly int[] CbB = new int[256];
    private static readonly int[] CrG = new int[256];
    private static readonly int[] CbG = new int[256];

    // Encoding table (jccolor.c rgb_ycc_start): 8 sections of 256 entries.
    private static readonly int[] RgbYcc = new int[8 * 256];

    static JpegColor()
    {
        for (int i = 0, x = -128; i < 256; i++, x++)
        {
            CrR[i] = (int)(((Fix(1.40200) * x) + OneHalf) >> ScaleBits);
            CbB[i] = (int)(((Fix(1.77200) * x) + OneHalf) >> ScaleBits);
            CrG[i] = (int)(-Fix(0.71414) * x);
            CbG[i] = (int)((-Fix(0.34414) * x) + OneHalf);
        }

        // CBCR_OFFSET folds the +128 chroma offset in; the -1 (ONE_HALF - 1) keeps B and R
        // below 256 for the Cb/Cr of pure blue/red, as libjpeg explains.
        const long cbcrOffset = 128L << ScaleBits;
        for (var i = 0; i < 256; i++)
        {
            RgbYcc[i] = (int)(Fix(0.29900) * i);
            RgbYcc[256 + i] = (int)(Fix(0.58700) * i);
            RgbYcc[512 + i] = (int)((Fix(0.11400) * i) + OneHalf);
            RgbYcc[768 + i] = (int)(-Fix(0.16874) * i);
            RgbYcc[1024 + i] = (int)(-Fix(0.33126) * i);
            RgbYcc[1280 + i] = (int)((Fix(0.50000) * i) + cbcrOffset + OneHalf - 1);
            RgbYcc[1536 + i] = (int)(-Fix(0.41869) * i);
            RgbYcc[1792 + i] = (int)(-Fix(0.08131) * i);
        }
    }

    /// <summary>One row of YCbCr planes to interleaved RGB (jdcolor.c ycc_rgb_convert).</summary>
    public static void YccToRgb(ReadOnlySpan<byte> y, ReadOnlySpan<byte> cb, ReadOnlySpan<byte> cr, Span<byte> rgb)
    {
        for (var x = 0; x < y.Length; x++)
        {
            int luma = y[x];
            int b = cb[x];
            int r = cr[x];
            rgb[3 * x] = Clamp(luma + CrR[r]);
            rgb[(3 * x) + 1] = Clamp(luma + ((CbG[b] + CrG[r]) >> ScaleBits));
            rgb[(3 * x) + 2] = Clamp(luma + CbB[b]);
        }
    }

    /// <summary>YCCK's YCC part to CMY (jdcolor.c ycck_cmyk_convert): 255 - the RGB libjpeg would give.</summary>
    public static void YccToCmy(int luma, int b, int r, out byte c, out byte m, out byte yellow)
    {
        c = Clamp(255 - (luma + CrR[r]));
        m = Clamp(255 - (luma + ((CbG[b] + CrG[r]) >> ScaleBits)));
        yellow = Clamp(255 - (luma + CbB[b]));
    }

    /// <summary>One interleaved RGB pixel to Y, Cb, Cr (jccolor.c rgb_ycc_convert).</summary>
    public static void RgbToYcc(int r, int g, int b, out byte y, out byte cb, out byte cr)
    {
        var t = RgbYcc;
        y = (byte)((t[r] + t[256 + g] + t[512 + b]) >> ScaleBits);
        cb = (byte)((t[768 + r] + t[1024 + g] + t[1280 + b]) >> ScaleBits);
        cr = (byte)((t[1280 + r] + t[1536 + g] + t[1792 + b]) >> ScaleBits);
    }

    private static long Fix(double x) => (long)((x * (1L << ScaleBits)) + 0.5);

    private static byte Clamp(int v) => (byte)Math.Clamp(v, 0, 255);
}
