using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace RobustGate.Engine.Imaging;

/// <summary>
/// <see cref="JpegColor"/>'s RGB&lt;-&gt;YCbCr conversions sixteen pixels at a time (AVX-512 with
/// VBMI byte permutes for the interleaving). libjpeg's tables are exact multiples of the sample
/// (plus constant offsets), so computing the same 32-bit sums directly gives the tables' results
/// bit for bit; each method returns how many pixels it converted and leaves the rest to the scalar
/// code.
/// </summary>
internal static class JpegColorVector
{
    private const int ScaleBits = 16;
    private const int OneHalf = 1 << (ScaleBits - 1);

    // libjpeg's FIX() of its conversion coefficients (16 fraction bits); a test checks them
    // against JpegColor.Fix. Literals, so the JIT folds the vectors into constants.
    internal const int FixYr = 19595;
    internal const int FixYg = 38470;
    internal const int FixYb = 7471;
    internal const int FixCbR = 11059;
    internal const int FixCbG = 21709;
    internal const int FixHalf = 32768;
    internal const int FixCrG = 27439;
    internal const int FixCrB = 5329;
    internal const int FixCrToR = 91881;
    internal const int FixCbToB = 116130;
    internal const int FixCbToG = 22554;
    internal const int FixCrToG = 46802;

    // Byte indices that gather R, G or B of 16 interleaved pixels into the first 16 lanes.
    private static Vector512<byte> GatherRed => Vector512.Create((byte)0, 3, 6, 9, 12, 15, 18, 21, 24, 27, 30, 33, 36, 39, 42, 45, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0);

    private static Vector512<byte> GatherGreen => Vector512.Create((byte)1, 4, 7, 10, 13, 16, 19, 22, 25, 28, 31, 34, 37, 40, 43, 46, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0);

    private static Vector512<byte> GatherBlue => Vector512.Create((byte)2, 5, 8, 11, 14, 17, 20, 23, 26, 29, 32, 35, 38, 41, 44, 47, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0);

    // Byte indices that interleave 16 R (lanes 0..15), G (16..31) and B (32..47) into RGB triples.
    private static Vector512<byte> Interleave => Vector512.Create((byte)0, 16, 32, 1, 17, 33, 2, 18, 34, 3, 19, 35, 4, 20, 36, 5, 21, 37, 6, 22, 38, 7, 23, 39, 8, 24, 40, 9, 25, 41, 10, 26, 42, 11, 27, 43, 12, 28, 44, 13, 29, 45, 14, 30, 46, 15, 31, 47, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0);

    public static bool IsSupported => Avx512Vbmi.IsSupported && Avx512BW.IsSupported;

    /// <summary>
    /// Interleaved RGB (3 channels) to planes, for as many whole groups of 16 pixels as can be read
    /// with 64-byte loads inside <paramref name="rgb"/>; returns the number of pixels converted.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static int RgbToYcc(ReadOnlySpan<byte> rgb, Span<byte> y, Span<byte> cb, Span<byte> cr)
    {
        var count = rgb.Length / 3;
        if (!IsSupported || y.Length < count || cb.Length < count || cr.Length < count)
        {
            return 0;
        }

        // Each step reads 64 bytes for its 48: the last step must end inside the span.
        var steps = rgb.Length < 64 ? 0 : ((rgb.Length - 64) / 48) + 1;
        ref var source = ref MemoryMarshal.GetReference(rgb);
        ref var yRef = ref MemoryMarshal.GetReference(y);
        ref var cbRef = ref MemoryMarshal.GetReference(cb);
        ref var crRef = ref MemoryMarshal.GetReference(cr);
        var yr = Vector512.Create(FixYr);
        var yg = Vector512.Create(FixYg);
        var yb = Vector512.Create(FixYb);
        var cbr = Vector512.Create(-FixCbR);
        var cbg = Vector512.Create(-FixCbG);
        var half = Vector512.Create(FixHalf);
        var crg = Vector512.Create(-FixCrG);
        var crb = Vector512.Create(-FixCrB);
        var gatherRed = GatherRed;
        var gatherGreen = GatherGreen;
        var gatherBlue = GatherBlue;
        var lumaBias = Vector512.Create(OneHalf);
        // jccolor.c's CBCR_OFFSET + ONE_HALF - 1.
        var chromaBias = Vector512.Create((128 << ScaleBits) + OneHalf - 1);
        for (var step = 0; step < steps; step++)
        {
            var pixels = Vector512.LoadUnsafe(ref source, (nuint)(step * 48));
            var r = Avx512F.ConvertToVector512Int32(Avx512Vbmi.PermuteVar64x8(pixels, gatherRed).GetLower().GetLower());
            var g = Avx512F.ConvertToVector512Int32(Avx512Vbmi.PermuteVar64x8(pixels, gatherGreen).GetLower().GetLower());
            var b = Avx512F.ConvertToVector512Int32(Avx512Vbmi.PermuteVar64x8(pixels, gatherBlue).GetLower().GetLower());
            var luma = ((r * yr) + (g * yg) + (b * yb) + lumaBias) >> ScaleBits;
            var blue = ((r * cbr) + (g * cbg) + (b * half) + chromaBias) >> ScaleBits;
            var red = ((r * half) + (g * crg) + (b * crb) + chromaBias) >> ScaleBits;
            // The sums lie in 0..255 (libjpeg's bias keeps Cb and Cr below 256): truncation narrows exactly.
            Avx512F.ConvertToVector128Byte(luma).StoreUnsafe(ref yRef, (nuint)(step * 16));
            Avx512F.ConvertToVector128Byte(blue).StoreUnsafe(ref cbRef, (nuint)(step * 16));
            Avx512F.ConvertToVector128Byte(red).StoreUnsafe(ref crRef, (nuint)(step * 16));
        }

        return steps * 16;
    }

    /// <summary>
    /// Planes to interleaved RGB for whole groups of 16 pixels; returns the number converted.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static int YccToRgb(ReadOnlySpan<byte> y, ReadOnlySpan<byte> cb, ReadOnlySpan<byte> cr, Span<byte> rgb)
    {
        var n = y.Length;
        if (!IsSupported || cb.Length < n || cr.Length < n || rgb.Length < 3 * n)
        {
            return 0;
        }

        var steps = n / 16;
        ref var yRef = ref MemoryMarshal.GetReference(y);
        ref var cbRef = ref MemoryMarshal.GetReference(cb);
        ref var crRef = ref MemoryMarshal.GetReference(cr);
        ref var target = ref MemoryMarshal.GetReference(rgb);
        var crToR = Vector512.Create(FixCrToR);
        var cbToB = Vector512.Create(FixCbToB);
        var cbToG = Vector512.Create(-FixCbToG);
        var crToG = Vector512.Create(-FixCrToG);
        var centre = Vector512.Create(128);
        var bias = Vector512.Create(OneHalf);
        var zero = Vector512<int>.Zero;
        var interleave = Interleave;
        for (var step = 0; step < steps; step++)
        {
            var at = (nuint)(step * 16);
            var luma = Avx512F.ConvertToVector512Int32(Vector128.LoadUnsafe(ref yRef, at));
            var blue = Avx512F.ConvertToVector512Int32(Vector128.LoadUnsafe(ref cbRef, at)) - centre;
            var red = Avx512F.ConvertToVector512Int32(Vector128.LoadUnsafe(ref crRef, at)) - centre;
            // jdcolor.c's tables: Cr_r and Cb_b rounded on their own, Cb_g + Cr_g rounded as one sum.
            var r = luma + (((red * crToR) + bias) >> ScaleBits);
            var g = luma + (((blue * cbToG) + bias + (red * crToG)) >> ScaleBits);
            var b = luma + (((blue * cbToB) + bias) >> ScaleBits);
            // The range-limit table clamps to 0..255: max with 0, then unsigned saturation above.
            var r8 = Avx512F.ConvertToVector128ByteWithSaturation(Vector512.Max(r, zero).AsUInt32());
            var g8 = Avx512F.ConvertToVector128ByteWithSaturation(Vector512.Max(g, zero).AsUInt32());
            var b8 = Avx512F.ConvertToVector128ByteWithSaturation(Vector512.Max(b, zero).AsUInt32());
            var planar = Vector512.Create(Vector256.Create(r8, g8), Vector256.Create(b8, Vector128<byte>.Zero));
            var interleaved = Avx512Vbmi.PermuteVar64x8(planar, interleave);
            var offset = 3 * at;
            interleaved.GetLower().StoreUnsafe(ref target, offset);
            interleaved.GetUpper().GetLower().StoreUnsafe(ref target, offset + 32);
        }

        return steps * 16;
    }
}
