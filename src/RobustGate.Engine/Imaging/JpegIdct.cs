using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;
using static RobustGate.Engine.Imaging.JpegIslowConstants;

namespace RobustGate.Engine.Imaging;

/// <summary>
/// libjpeg's accurate integer inverse DCT (jidctint.c, "islow"): 13-bit constants, 2 extra bits
/// after the column pass, and the post-IDCT range-limit table indexed with a 10-bit mask, so the
/// output equals libjpeg-turbo's for every input.
/// </summary>
internal static class JpegIdct
{
    /// <summary>libjpeg's idct range-limit table: index (value &amp; 1023) of a value centred on 0.</summary>
    private static readonly byte[] RangeLimit = BuildRangeLimit();

    /// <summary>Dequantises and inverse-transforms one block into 8 rows of <paramref name="output"/>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void Transform(ReadOnlySpan<short> coefficients, ReadOnlySpan<ushort> quant, Span<int> workspace, Span<byte> output, int stride)
    {
        if (coefficients.Length < 64 || quant.Length < 64 || workspace.Length < 64)
        {
            throw new ArgumentException("An 8x8 block has 64 coefficients, quantisers and workspace entries.", nameof(coefficients));
        }

        ColumnPass(ref MemoryMarshal.GetReference(coefficients), ref MemoryMarshal.GetReference(quant), ref MemoryMarshal.GetReference(workspace));
        if (Avx512F.VL.IsSupported && output.Length >= (7 * stride) + 8)
        {
            RowPassVector(ref MemoryMarshal.GetReference(workspace), ref MemoryMarshal.GetReference(output), stride);
        }
        else
        {
            RowPassScalar(workspace, output, stride);
        }
    }

    /// <summary>The row pass one row at a time, with libjpeg's zero-row shortcut; also the vector pass's test reference.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    internal static void RowPassScalar(ReadOnlySpan<int> workspace, Span<byte> output, int stride)
    {
        var range = RangeLimit;
        for (var row = 0; row < 8; row++)
        {
            var w = workspace.Slice(row * 8, 8);
            var o = output.Slice(row * stride, 8);
            if (w[1] == 0 && w[2] == 0 && w[3] == 0 && w[4] == 0 && w[5] == 0 && w[6] == 0 && w[7] == 0)
            {
                o.Fill(range[((w[0] + (1 << (Pass1Bits + 2))) >> (Pass1Bits + 3)) & 1023]);
                continue;
            }

            int z2 = w[2];
            int z3 = w[6];
            var z1 = (z2 + z3) * Fix0541196100;
            var tmp2 = z1 + (z3 * -Fix1847759065);
            var tmp3 = z1 + (z2 * Fix0765366865);
            var tmp0 = (w[0] + w[4]) << ConstBits;
            var tmp1 = (w[0] - w[4]) << ConstBits;
            var tmp10 = tmp0 + tmp3;
            var tmp13 = tmp0 - tmp3;
            var tmp11 = tmp1 + tmp2;
            var tmp12 = tmp1 - tmp2;

            tmp0 = w[7];
            tmp1 = w[5];
            tmp2 = w[3];
            tmp3 = w[1];
            Odd(ref tmp0, ref tmp1, ref tmp2, ref tmp3);

            const int shift = ConstBits + Pass1Bits + 3;
            const int round = 1 << (shift - 1);
            o[0] = range[((tmp10 + tmp3 + round) >> shift) & 1023];
            o[7] = range[((tmp10 - tmp3 + round) >> shift) & 1023];
            o[1] = range[((tmp11 + tmp2 + round) >> shift) & 1023];
            o[6] = range[((tmp11 - tmp2 + round) >> shift) & 1023];
            o[2] = range[((tmp12 + tmp1 + round) >> shift) & 1023];
            o[5] = range[((tmp12 - tmp1 + round) >> shift) & 1023];
            o[3] = range[((tmp13 + tmp0 + round) >> shift) & 1023];
            o[4] = range[((tmp13 - tmp0 + round) >> shift) & 1023];
        }
    }

    /// <summary>
    /// The row pass on all eight rows at once: the workspace is transposed so that lane r is row r,
    /// the scalar pass's integer steps (and its zero-row shortcut, selected per lane) run on the
    /// lanes, and the range-limit table is replaced by its arithmetic equivalent: the low 10 bits
    /// as a signed value, plus 128, clamped to 0..255.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    internal static void RowPassVector(ref int workspace, ref byte output, int stride)
    {
        JpegFdct.Transpose(
            Vector256.LoadUnsafe(ref workspace, 0), Vector256.LoadUnsafe(ref workspace, 8), Vector256.LoadUnsafe(ref workspace, 16), Vector256.LoadUnsafe(ref workspace, 24),
            Vector256.LoadUnsafe(ref workspace, 32), Vector256.LoadUnsafe(ref workspace, 40), Vector256.LoadUnsafe(ref workspace, 48), Vector256.LoadUnsafe(ref workspace, 56),
            out var w0, out var w1, out var w2, out var w3, out var w4, out var w5, out var w6, out var w7);
        var acZero = Vector256.Equals(w1 | w2 | w3 | w4 | w5 | w6 | w7, Vector256<int>.Zero);
        var dcOnly = Vector256.ShiftRightArithmetic(w0 + Vector256.Create(1 << (Pass1Bits + 2)), Pass1Bits + 3);

        Butterfly(w0, w1, w2, w3, w4, w5, w6, w7, out var tmp10, out var tmp11, out var tmp12, out var tmp13, out var tmp0, out var tmp1, out var tmp2, out var tmp3);

        const int shift = ConstBits + Pass1Bits + 3;
        var round = Vector256.Create(1 << (shift - 1));
        JpegFdct.Transpose(
            RangeLimitVector(acZero, dcOnly, tmp10 + tmp3 + round, shift),
            RangeLimitVector(acZero, dcOnly, tmp11 + tmp2 + round, shift),
            RangeLimitVector(acZero, dcOnly, tmp12 + tmp1 + round, shift),
            RangeLimitVector(acZero, dcOnly, tmp13 + tmp0 + round, shift),
            RangeLimitVector(acZero, dcOnly, tmp13 - tmp0 + round, shift),
            RangeLimitVector(acZero, dcOnly, tmp12 - tmp1 + round, shift),
            RangeLimitVector(acZero, dcOnly, tmp11 - tmp2 + round, shift),
            RangeLimitVector(acZero, dcOnly, tmp10 - tmp3 + round, shift),
            out var r0, out var r1, out var r2, out var r3, out var r4, out var r5, out var r6, out var r7);
        StoreRow(ref output, 0, r0);
        StoreRow(ref output, stride, r1);
        StoreRow(ref output, 2 * stride, r2);
        StoreRow(ref output, 3 * stride, r3);
        StoreRow(ref output, 4 * stride, r4);
        StoreRow(ref output, 5 * stride, r5);
        StoreRow(ref output, 6 * stride, r6);
        StoreRow(ref output, 7 * stride, r7);
    }

    /// <summary>
    /// The islow IDCT's even part (tmp10..tmp13) and odd part (tmp0..tmp3) on eight lanes, the
    /// integer steps of the scalar passes; the column and row passes differ only in their
    /// descaling and output, which the callers do.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Butterfly(
        Vector256<int> x0, Vector256<int> x1, Vector256<int> x2, Vector256<int> x3, Vector256<int> x4, Vector256<int> x5, Vector256<int> x6, Vector256<int> x7,
        out Vector256<int> tmp10, out Vector256<int> tmp11, out Vector256<int> tmp12, out Vector256<int> tmp13,
        out Vector256<int> tmp0, out Vector256<int> tmp1, out Vector256<int> tmp2, out Vector256<int> tmp3)
    {
        var z1 = (x2 + x6) * Fix0541196100;
        tmp2 = z1 + (x6 * -Fix1847759065);
        tmp3 = z1 + (x2 * Fix0765366865);
        tmp0 = Vector256.ShiftLeft(x0 + x4, ConstBits);
        tmp1 = Vector256.ShiftLeft(x0 - x4, ConstBits);
        tmp10 = tmp0 + tmp3;
        tmp13 = tmp0 - tmp3;
        tmp11 = tmp1 + tmp2;
        tmp12 = tmp1 - tmp2;

        // Odd part, inputs 7, 5, 3, 1.
        tmp0 = x7;
        tmp1 = x5;
        tmp2 = x3;
        tmp3 = x1;
        z1 = tmp0 + tmp3;
        var z2 = tmp1 + tmp2;
        var z3 = tmp0 + tmp2;
        var z4 = tmp1 + tmp3;
        var z5 = (z3 + z4) * Fix1175875602;
        tmp0 *= Fix0298631336;
        tmp1 *= Fix2053119869;
        tmp2 *= Fix3072711026;
        tmp3 *= Fix1501321110;
        z1 *= -Fix0899976223;
        z2 *= -Fix2562915447;
        z3 *= -Fix1961570560;
        z4 *= -Fix0390180644;
        z3 += z5;
        z4 += z5;
        tmp0 += z1 + z3;
        tmp1 += z2 + z4;
        tmp2 += z2 + z3;
        tmp3 += z1 + z4;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector256<int> RangeLimitVector(Vector256<int> acZero, Vector256<int> dcOnly, Vector256<int> rounded, int shift)
    {
        var value = Vector256.ConditionalSelect(acZero, dcOnly, Vector256.ShiftRightArithmetic(rounded, shift));
        var centred = Vector256.ShiftRightArithmetic(Vector256.ShiftLeft(value, 22), 22) + Vector256.Create(128);
        return Vector256.Clamp(centred, Vector256<int>.Zero, Vector256.Create(255));
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void StoreRow(ref byte output, int offset, Vector256<int> row)
    {
        var bytes = Avx512F.VL.ConvertToVector128Byte(row);
        Unsafe.WriteUnaligned(ref Unsafe.Add(ref output, offset), bytes.AsUInt64().ToScalar());
    }

    /// <summary>
    /// The column pass on whole rows: lane c is column c, with the scalar pass's integer steps.
    /// A column whose AC coefficients are all zero takes libjpeg's DC shortcut, selected per lane,
    /// so even overflowing (corrupt) inputs give libjpeg's values.
    /// </summary>
    private static void ColumnPass(ref short coefficients, ref ushort quant, ref int workspace)
    {
        var c0 = Dequantise(ref coefficients, ref quant, 0, out var r0);
        var c1 = Dequantise(ref coefficients, ref quant, 8, out var r1);
        var c2 = Dequantise(ref coefficients, ref quant, 16, out var r2);
        var c3 = Dequantise(ref coefficients, ref quant, 24, out var r3);
        var c4 = Dequantise(ref coefficients, ref quant, 32, out var r4);
        var c5 = Dequantise(ref coefficients, ref quant, 40, out var r5);
        var c6 = Dequantise(ref coefficients, ref quant, 48, out var r6);
        var c7 = Dequantise(ref coefficients, ref quant, 56, out var r7);
        var acZero = Vector256.Equals(r1 | r2 | r3 | r4 | r5 | r6 | r7, Vector256<int>.Zero);
        var dcOnly = Vector256.ShiftLeft(c0, Pass1Bits);

        Butterfly(c0, c1, c2, c3, c4, c5, c6, c7, out var tmp10, out var tmp11, out var tmp12, out var tmp13, out var tmp0, out var tmp1, out var tmp2, out var tmp3);

        const int shift = ConstBits - Pass1Bits;
        var round = Vector256.Create(1 << (shift - 1));
        Vector256.ConditionalSelect(acZero, dcOnly, Vector256.ShiftRightArithmetic(tmp10 + tmp3 + round, shift)).StoreUnsafe(ref workspace, 0);
        Vector256.ConditionalSelect(acZero, dcOnly, Vector256.ShiftRightArithmetic(tmp10 - tmp3 + round, shift)).StoreUnsafe(ref workspace, 56);
        Vector256.ConditionalSelect(acZero, dcOnly, Vector256.ShiftRightArithmetic(tmp11 + tmp2 + round, shift)).StoreUnsafe(ref workspace, 8);
        Vector256.ConditionalSelect(acZero, dcOnly, Vector256.ShiftRightArithmetic(tmp11 - tmp2 + round, shift)).StoreUnsafe(ref workspace, 48);
        Vector256.ConditionalSelect(acZero, dcOnly, Vector256.ShiftRightArithmetic(tmp12 + tmp1 + round, shift)).StoreUnsafe(ref workspace, 16);
        Vector256.ConditionalSelect(acZero, dcOnly, Vector256.ShiftRightArithmetic(tmp12 - tmp1 + round, shift)).StoreUnsafe(ref workspace, 40);
        Vector256.ConditionalSelect(acZero, dcOnly, Vector256.ShiftRightArithmetic(tmp13 + tmp0 + round, shift)).StoreUnsafe(ref workspace, 24);
        Vector256.ConditionalSelect(acZero, dcOnly, Vector256.ShiftRightArithmetic(tmp13 - tmp0 + round, shift)).StoreUnsafe(ref workspace, 32);
    }

    /// <summary>Row <paramref name="offset"/>/8 of the block as ints: coefficient times quantiser, and the raw coefficients.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector256<int> Dequantise(ref short coefficients, ref ushort quant, nuint offset, out Vector256<int> raw)
    {
        raw = Vector256.WidenLower(Vector128.LoadUnsafe(ref coefficients, offset).ToVector256Unsafe());
        var q = Vector256.WidenLower(Vector128.LoadUnsafe(ref quant, offset).ToVector256Unsafe()).AsInt32();
        return raw * q;
    }

    /// <summary>The odd part, shared by both passes: inputs are coefficients 7, 5, 3, 1.</summary>
    private static void Odd(ref int tmp0, ref int tmp1, ref int tmp2, ref int tmp3)
    {
        var z1 = tmp0 + tmp3;
        var z2 = tmp1 + tmp2;
        var z3 = tmp0 + tmp2;
        var z4 = tmp1 + tmp3;
        var z5 = (z3 + z4) * Fix1175875602;
        tmp0 *= Fix0298631336;
        tmp1 *= Fix2053119869;
        tmp2 *= Fix3072711026;
        tmp3 *= Fix1501321110;
        z1 *= -Fix0899976223;
        z2 *= -Fix2562915447;
        z3 *= -Fix1961570560;
        z4 *= -Fix0390180644;
        z3 += z5;
        z4 += z5;
        tmp0 += z1 + z3;
        tmp1 += z2 + z4;
        tmp2 += z2 + z3;
        tmp3 += z1 + z4;
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static byte[] BuildRangeLimit()
    {
        // Centred values 0..511 clamp to 128..255, 512..895 (large negatives after masking) to 0,
        // and 896..1023 (i.e. -128..-1) map to 0..127.
        var table = new byte[1024];
        for (var i = 0; i < 1024; i++)
        {
            table[i] = i switch
            {
                < 128 => (byte)(i + 128),
                < 512 => 255,
                < 896 => 0,
                _ => (byte)(i - 896),
            };
        }

        return table;
    }
}
