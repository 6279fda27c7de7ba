using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

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

    // Clamp to 0..255 of v, stored at v + 256 for v in -256..511.
    private static readonly byte[] ClampTable = BuildClampTable();

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
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void YccToRgb(ReadOnlySpan<byte> y, ReadOnlySpan<byte> cb, ReadOnlySpan<byte> cr, Span<byte> rgb)
    {
        var n = y.Length;
        if (cb.Length < n || cr.Length < n || rgb.Length < 3 * n)
        {
            throw new ArgumentException("The Cb, Cr and RGB rows must cover the Y row.", nameof(rgb));
        }

        var done = JpegColorVector.IsSupported ? JpegColorVector.YccToRgb(y, cb, cr, rgb) : 0;
        YccToRgbScalar(y[done..], cb[done..], cr[done..], rgb[(3 * done)..]);
    }

    /// <summary>The table-driven conversion, for the pixels the vector path leaves and as its test reference.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    internal static void YccToRgbScalar(ReadOnlySpan<byte> y, ReadOnlySpan<byte> cb, ReadOnlySpan<byte> cr, Span<byte> rgb)
    {
        var n = y.Length;
        if (cb.Length < n || cr.Length < n || rgb.Length < 3 * n)
        {
            throw new ArgumentException("The Cb, Cr and RGB rows must cover the Y row.", nameof(rgb));
        }

        // Checked once above, so the per-pixel loop reads the tables and rows without bounds checks.
        ref var yRef = ref MemoryMarshal.GetReference(y);
        ref var cbRef = ref MemoryMarshal.GetReference(cb);
        ref var crRef = ref MemoryMarshal.GetReference(cr);
        ref var outRef = ref MemoryMarshal.GetReference(rgb);
        ref var crR = ref MemoryMarshal.GetArrayDataReference(CrR);
        ref var cbB = ref MemoryMarshal.GetArrayDataReference(CbB);
        ref var crG = ref MemoryMarshal.GetArrayDataReference(CrG);
        ref var cbG = ref MemoryMarshal.GetArrayDataReference(CbG);
        ref var clamp = ref MemoryMarshal.GetArrayDataReference(ClampTable);
        for (var x = 0; x < n; x++)
        {
            int luma = Unsafe.Add(ref yRef, x);
            int b = Unsafe.Add(ref cbRef, x);
            int r = Unsafe.Add(ref crRef, x);
            // Every sum lies in -227..480, inside the clamp table's -256..511.
            Unsafe.Add(ref outRef, 3 * x) = Unsafe.Add(ref clamp, luma + Unsafe.Add(ref crR, r) + 256);
            Unsafe.Add(ref outRef, (3 * x) + 1) = Unsafe.Add(ref clamp, luma + ((Unsafe.Add(ref cbG, b) + Unsafe.Add(ref crG, r)) >> ScaleBits) + 256);
            Unsafe.Add(ref outRef, (3 * x) + 2) = Unsafe.Add(ref clamp, luma + Unsafe.Add(ref cbB, b) + 256);
        }
    }

    /// <summary>YCCK's YCC part to CMY (jdcolor.c ycck_cmyk_convert): 255 - the RGB libjpeg would give.</summary>
    public static void YccToCmy(int luma, int b, int r, out byte c, out byte m, out byte yellow)
    {
        c = Clamp(255 - (luma + CrR[r]));
        m = Clamp(255 - (luma + ((CbG[b] + CrG[r]) >> ScaleBits)));
        yellow = Clamp(255 - (luma + CbB[b]));
    }

    /// <summary>
    /// <paramref name="count"/> interleaved pixels (R, G, B first of <paramref name="channels"/>)
    /// to Y, Cb and Cr planes (jccolor.c rgb_ycc_convert), without per-pixel bounds checks.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void RgbToYccPlanes(ReadOnlySpan<byte> pixels, int channels, int count, Span<byte> y, Span<byte> cb, Span<byte> cr)
    {
        if (channels < 3 || pixels.Length < (long)count * channels || y.Length < count || cb.Length < count || cr.Length < count)
        {
            throw new ArgumentException("The pixels and the planes must hold count samples.", nameof(pixels));
        }

        var done = channels == 3 && JpegColorVector.IsSupported ? JpegColorVector.RgbToYcc(pixels[..(3 * count)], y, cb, cr) : 0;
        RgbToYccPlanesScalar(pixels[(channels * done)..], channels, count - done, y[done..], cb[done..], cr[done..]);
    }

    /// <summary>The table-driven conversion, for the pixels the vector path leaves and as its test reference.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    internal static void RgbToYccPlanesScalar(ReadOnlySpan<byte> pixels, int channels, int count, Span<byte> y, Span<byte> cb, Span<byte> cr)
    {
        if (channels < 3 || pixels.Length < (long)count * channels || y.Length < count || cb.Length < count || cr.Length < count)
        {
            throw new ArgumentException("The pixels and the planes must hold count samples.", nameof(pixels));
        }

        ref var t = ref MemoryMarshal.GetArrayDataReference(RgbYcc);
        ref var source = ref MemoryMarshal.GetReference(pixels);
        ref var yRef = ref MemoryMarshal.GetReference(y);
        ref var cbRef = ref MemoryMarshal.GetReference(cb);
        ref var crRef = ref MemoryMarshal.GetReference(cr);
        for (int i = 0, at = 0; i < count; i++, at += channels)
        {
            int r = Unsafe.Add(ref source, at);
            int g = Unsafe.Add(ref source, at + 1);
            int b = Unsafe.Add(ref source, at + 2);
            Unsafe.Add(ref yRef, i) = (byte)((Unsafe.Add(ref t, r) + Unsafe.Add(ref t, 256 + g) + Unsafe.Add(ref t, 512 + b)) >> ScaleBits);
            Unsafe.Add(ref cbRef, i) = (byte)((Unsafe.Add(ref t, 768 + r) + Unsafe.Add(ref t, 1024 + g) + Unsafe.Add(ref t, 1280 + b)) >> ScaleBits);
            Unsafe.Add(ref crRef, i) = (byte)((Unsafe.Add(ref t, 1280 + r) + Unsafe.Add(ref t, 1536 + g) + Unsafe.Add(ref t, 1792 + b)) >> ScaleBits);
        }
    }

    private static byte[] BuildClampTable()
    {
        var table = new byte[768];
        for (var i = 0; i < table.Length; i++)
        {
            table[i] = (byte)Math.Clamp(i - 256, 0, 255);
        }

        return table;
    }

    internal static long Fix(double x) => (long)((x * (1L << ScaleBits)) + 0.5);

    private static byte Clamp(int v) => (byte)Math.Clamp(v, 0, 255);
}
