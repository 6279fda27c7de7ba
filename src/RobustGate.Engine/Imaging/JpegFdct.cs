using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;
using static RobustGate.Engine.Imaging.JpegIslowConstants;

namespace RobustGate.Engine.Imaging;

/// <summary>
/// libjpeg's accurate integer forward DCT (jfdctint.c, "islow") and libjpeg-turbo's quantiser
/// (jcdctmgr.c: reciprocal multiplication with its correction terms, 16-bit DCTELEMs), so the
/// coefficients equal those libjpeg-turbo writes.
/// </summary>
internal static class JpegFdct
{
    /// <summary>In place on 64 level-shifted samples (sample - 128), row-major; output scaled by 8.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void Forward(Span<int> data)
    {
        if (data.Length < 64)
        {
            throw new ArgumentException("An 8x8 block has 64 samples.", nameof(data));
        }

        ref var d = ref MemoryMarshal.GetReference(data);
        if (Avx2.IsSupported)
        {
            RowPassTransposed(ref d);
        }
        else
        {
            RowPassScalar(ref d);
        }

        // The column pass runs on whole rows at once: every lane does the same integer steps as the
        // scalar butterfly for its column, so the coefficients are unchanged.
        ColumnPass(ref d);
    }

    /// <summary>The row pass one row at a time, for CPUs without AVX2 and as the reference of the vector pass.</summary>
    internal static void RowPassScalar(ref int d)
    {
        for (var row = 0; row < 64; row += 8)
        {
            Butterfly(
                Unsafe.Add(ref d, row), Unsafe.Add(ref d, row + 1), Unsafe.Add(ref d, row + 2), Unsafe.Add(ref d, row + 3),
                Unsafe.Add(ref d, row + 4), Unsafe.Add(ref d, row + 5), Unsafe.Add(ref d, row + 6), Unsafe.Add(ref d, row + 7),
                out Unsafe.Add(ref d, row), out Unsafe.Add(ref d, row + 1), out Unsafe.Add(ref d, row + 2), out Unsafe.Add(ref d, row + 3),
                out Unsafe.Add(ref d, row + 4), out Unsafe.Add(ref d, row + 5), out Unsafe.Add(ref d, row + 6), out Unsafe.Add(ref d, row + 7),
                ConstBits - Pass1Bits,
                firstPass: true);
        }
    }

    /// <summary>
    /// The row pass on all eight rows at once: the block is transposed so that lane r holds row r,
    /// the scalar butterfly's integer steps run on the lanes, and the result is transposed back.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal static void RowPassTransposed(ref int d)
    {
        const int shift = ConstBits - Pass1Bits;
        Transpose(
            Vector256.LoadUnsafe(ref d, 0), Vector256.LoadUnsafe(ref d, 8), Vector256.LoadUnsafe(ref d, 16), Vector256.LoadUnsafe(ref d, 24),
            Vector256.LoadUnsafe(ref d, 32), Vector256.LoadUnsafe(ref d, 40), Vector256.LoadUnsafe(ref d, 48), Vector256.LoadUnsafe(ref d, 56),
            out var i0, out var i1, out var i2, out var i3, out var i4, out var i5, out var i6, out var i7);

        var tmp0 = i0 + i7;
        var tmp7 = i0 - i7;
        var tmp1 = i1 + i6;
        var tmp6 = i1 - i6;
        var tmp2 = i2 + i5;
        var tmp5 = i2 - i5;
        var tmp3 = i3 + i4;
        var tmp4 = i3 - i4;

        var tmp10 = tmp0 + tmp3;
        var tmp13 = tmp0 - tmp3;
        var tmp11 = tmp1 + tmp2;
        var tmp12 = tmp1 - tmp2;

        var o0 = Vector256.ShiftLeft(tmp10 + tmp11, Pass1Bits);
        var o4 = Vector256.ShiftLeft(tmp10 - tmp11, Pass1Bits);

        var z1 = (tmp12 + tmp13) * Fix0541196100;
        var o2 = DescaleVector(z1 + (tmp13 * Fix0765366865), shift);
        var o6 = DescaleVector(z1 + (tmp12 * -Fix1847759065), shift);

        z1 = tmp4 + tmp7;
        var z2 = tmp5 + tmp6;
        var z3 = tmp4 + tmp6;
        var z4 = tmp5 + tmp7;
        var z5 = (z3 + z4) * Fix1175875602;
        tmp4 *= Fix0298631336;
        tmp5 *= Fix2053119869;
        tmp6 *= Fix3072711026;
        tmp7 *= Fix1501321110;
        z1 *= -Fix0899976223;
        z2 *= -Fix2562915447;
        z3 *= -Fix1961570560;
        z4 *= -Fix0390180644;
        z3 += z5;
        z4 += z5;
        var o7 = DescaleVector(tmp4 + z1 + z3, shift);
        var o5 = DescaleVector(tmp5 + z2 + z4, shift);
        var o3 = DescaleVector(tmp6 + z2 + z3, shift);
        var o1 = DescaleVector(tmp7 + z1 + z4, shift);

        Transpose(o0, o1, o2, o3, o4, o5, o6, o7, out var r0, out var r1, out var r2, out var r3, out var r4, out var r5, out var r6, out var r7);
        r0.StoreUnsafe(ref d, 0);
        r1.StoreUnsafe(ref d, 8);
        r2.StoreUnsafe(ref d, 16);
        r3.StoreUnsafe(ref d, 24);
        r4.StoreUnsafe(ref d, 32);
        r5.StoreUnsafe(ref d, 40);
        r6.StoreUnsafe(ref d, 48);
        r7.StoreUnsafe(ref d, 56);
    }

    /// <summary>8x8 transpose of 32-bit lanes: unpack pairs, then quads, then swap 128-bit halves.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal static void Transpose(
        Vector256<int> r0, Vector256<int> r1, Vector256<int> r2, Vector256<int> r3, Vector256<int> r4, Vector256<int> r5, Vector256<int> r6, Vector256<int> r7,
        out Vector256<int> c0, out Vector256<int> c1, out Vector256<int> c2, out Vector256<int> c3, out Vector256<int> c4, out Vector256<int> c5, out Vector256<int> c6, out Vector256<int> c7)
    {
        var t0 = Avx2.UnpackLow(r0, r1).AsInt64();
        var t1 = Avx2.UnpackHigh(r0, r1).AsInt64();
        var t2 = Avx2.UnpackLow(r2, r3).AsInt64();
        var t3 = Avx2.UnpackHigh(r2, r3).AsInt64();
        var t4 = Avx2.UnpackLow(r4, r5).AsInt64();
        var t5 = Avx2.UnpackHigh(r4, r5).AsInt64();
        var t6 = Avx2.UnpackLow(r6, r7).AsInt64();
        var t7 = Avx2.UnpackHigh(r6, r7).AsInt64();
        var u0 = Avx2.UnpackLow(t0, t2).AsInt32();
        var u1 = Avx2.UnpackHigh(t0, t2).AsInt32();
        var u2 = Avx2.UnpackLow(t1, t3).AsInt32();
        var u3 = Avx2.UnpackHigh(t1, t3).AsInt32();
        var u4 = Avx2.UnpackLow(t4, t6).AsInt32();
        var u5 = Avx2.UnpackHigh(t4, t6).AsInt32();
        var u6 = Avx2.UnpackLow(t5, t7).AsInt32();
        var u7 = Avx2.UnpackHigh(t5, t7).AsInt32();
        c0 = Avx2.Permute2x128(u0, u4, 0x20);
        c1 = Avx2.Permute2x128(u1, u5, 0x20);
        c2 = Avx2.Permute2x128(u2, u6, 0x20);
        c3 = Avx2.Permute2x128(u3, u7, 0x20);
        c4 = Avx2.Permute2x128(u0, u4, 0x31);
        c5 = Avx2.Permute2x128(u1, u5, 0x31);
        c6 = Avx2.Permute2x128(u2, u6, 0x31);
        c7 = Avx2.Permute2x128(u3, u7, 0x31);
    }

    /// <summary>
    /// Quantises with libjpeg-turbo's reciprocal tables for divisor = quant * 8 (the DCT's scale),
    /// writing coefficients in natural order.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void Quantize(ReadOnlySpan<int> data, JpegQuantDivisors divisors, Span<short> output)
    {
        if (data.Length < 64 || output.Length < 64)
        {
            throw new ArgumentException("An 8x8 block has 64 coefficients.", nameof(data));
        }

        ref var source = ref MemoryMarshal.GetReference(data);
        ref var target = ref MemoryMarshal.GetReference(output);
        ref var correction = ref MemoryMarshal.GetArrayDataReference(divisors.CorrectionWide);
        ref var reciprocal = ref MemoryMarshal.GetArrayDataReference(divisors.ReciprocalWide);
        ref var shift = ref MemoryMarshal.GetArrayDataReference(divisors.ShiftWide);
        for (nuint i = 0; i < 64; i += 16)
        {
            var low = QuantizeEight(ref source, ref correction, ref reciprocal, ref shift, i);
            var high = QuantizeEight(ref source, ref correction, ref reciprocal, ref shift, i + 8);
            // Narrow truncates, like the (short) casts of the scalar quantiser.
            Vector256.Narrow(low, high).AsInt16().StoreUnsafe(ref target, i);
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector256<uint> QuantizeEight(ref int source, ref uint correction, ref uint reciprocal, ref uint shift, nuint i)
    {
        var temp = Vector256.LoadUnsafe(ref source, i);
        var sign = Vector256.ShiftRightArithmetic(temp, 31).AsUInt32();
        var magnitude = Vector256.Abs(temp).AsUInt32();
        // UDCTELEM2 arithmetic: the biased magnitude times the 16-bit reciprocal, unsigned, then shifted.
        var product = (magnitude + Vector256.LoadUnsafe(ref correction, i)) * Vector256.LoadUnsafe(ref reciprocal, i);
        var q = ShiftRightLogicalPerLane(product, Vector256.LoadUnsafe(ref shift, i));
        return (q ^ sign) - sign;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector256<uint> ShiftRightLogicalPerLane(Vector256<uint> value, Vector256<uint> count)
    {
        if (Avx2.IsSupported)
        {
            return Avx2.ShiftRightLogicalVariable(value, count);
        }

        return Vector256.Create(
            value[0] >> (int)count[0], value[1] >> (int)count[1], value[2] >> (int)count[2], value[3] >> (int)count[3],
            value[4] >> (int)count[4], value[5] >> (int)count[5], value[6] >> (int)count[6], value[7] >> (int)count[7]);
    }

    private static void ColumnPass(ref int d)
    {
        const int shift = ConstBits + Pass1Bits;
        var i0 = Vector256.LoadUnsafe(ref d, 0);
        var i1 = Vector256.LoadUnsafe(ref d, 8);
        var i2 = Vector256.LoadUnsafe(ref d, 16);
        var i3 = Vector256.LoadUnsafe(ref d, 24);
        var i4 = Vector256.LoadUnsafe(ref d, 32);
        var i5 = Vector256.LoadUnsafe(ref d, 40);
        var i6 = Vector256.LoadUnsafe(ref d, 48);
        var i7 = Vector256.LoadUnsafe(ref d, 56);

        var tmp0 = i0 + i7;
        var tmp7 = i0 - i7;
        var tmp1 = i1 + i6;
        var tmp6 = i1 - i6;
        var tmp2 = i2 + i5;
        var tmp5 = i2 - i5;
        var tmp3 = i3 + i4;
        var tmp4 = i3 - i4;

        var tmp10 = tmp0 + tmp3;
        var tmp13 = tmp0 - tmp3;
        var tmp11 = tmp1 + tmp2;
        var tmp12 = tmp1 - tmp2;

        DescaleVector(tmp10 + tmp11, Pass1Bits).StoreUnsafe(ref d, 0);
        DescaleVector(tmp10 - tmp11, Pass1Bits).StoreUnsafe(ref d, 32);

        var z1 = (tmp12 + tmp13) * Fix0541196100;
        DescaleVector(z1 + (tmp13 * Fix0765366865), shift).StoreUnsafe(ref d, 16);
        DescaleVector(z1 + (tmp12 * -Fix1847759065), shift).StoreUnsafe(ref d, 48);

        z1 = tmp4 + tmp7;
        var z2 = tmp5 + tmp6;
        var z3 = tmp4 + tmp6;
        var z4 = tmp5 + tmp7;
        var z5 = (z3 + z4) * Fix1175875602;
        tmp4 *= Fix0298631336;
        tmp5 *= Fix2053119869;
        tmp6 *= Fix3072711026;
        tmp7 *= Fix1501321110;
        z1 *= -Fix0899976223;
        z2 *= -Fix2562915447;
        z3 *= -Fix1961570560;
        z4 *= -Fix0390180644;
        z3 += z5;
        z4 += z5;
        DescaleVector(tmp4 + z1 + z3, shift).StoreUnsafe(ref d, 56);
        DescaleVector(tmp5 + z2 + z4, shift).StoreUnsafe(ref d, 40);
        DescaleVector(tmp6 + z2 + z3, shift).StoreUnsafe(ref d, 24);
        DescaleVector(tmp7 + z1 + z4, shift).StoreUnsafe(ref d, 8);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector256<int> DescaleVector(Vector256<int> x, int n) => Vector256.ShiftRightArithmetic(x + Vector256.Create(1 << (n - 1)), n);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Butterfly(int i0, int i1, int i2, int i3, int i4, int i5, int i6, int i7, out int o0, out int o1, out int o2, out int o3, out int o4, out int o5, out int o6, out int o7, int shift, bool firstPass)
    {
        var tmp0 = i0 + i7;
        var tmp7 = i0 - i7;
        var tmp1 = i1 + i6;
        var tmp6 = i1 - i6;
        var tmp2 = i2 + i5;
        var tmp5 = i2 - i5;
        var tmp3 = i3 + i4;
        var tmp4 = i3 - i4;

        var tmp10 = tmp0 + tmp3;
        var tmp13 = tmp0 - tmp3;
        var tmp11 = tmp1 + tmp2;
        var tmp12 = tmp1 - tmp2;

        // DC and the middle frequency: a shift up in the row pass, a rounded shift down in the column pass.
        if (firstPass)
        {
            o0 = (tmp10 + tmp11) << Pass1Bits;
            o4 = (tmp10 - tmp11) << Pass1Bits;
        }
        else
        {
            o0 = Descale(tmp10 + tmp11, Pass1Bits);
            o4 = Descale(tmp10 - tmp11, Pass1Bits);
        }

        var z1 = (tmp12 + tmp13) * Fix0541196100;
        o2 = Descale(z1 + (tmp13 * Fix0765366865), shift);
        o6 = Descale(z1 + (tmp12 * -Fix1847759065), shift);

        z1 = tmp4 + tmp7;
        var z2 = tmp5 + tmp6;
        var z3 = tmp4 + tmp6;
        var z4 = tmp5 + tmp7;
        var z5 = (z3 + z4) * Fix1175875602;
        tmp4 *= Fix0298631336;
        tmp5 *= Fix2053119869;
        tmp6 *= Fix3072711026;
        tmp7 *= Fix1501321110;
        z1 *= -Fix0899976223;
        z2 *= -Fix2562915447;
        z3 *= -Fix1961570560;
        z4 *= -Fix0390180644;
        z3 += z5;
        z4 += z5;
        o7 = Descale(tmp4 + z1 + z3, shift);
        o5 = Descale(tmp5 + z2 + z4, shift);
        o3 = Descale(tmp6 + z2 + z3, shift);
        o1 = Descale(tmp7 + z1 + z4, shift);
    }

    private static int Descale(int x, int n) => (x + (1 << (n - 1))) >> n;
}
