namespace RobustGate.Engine.Imaging;

/// <summary>
/// libjpeg's accurate integer forward DCT (jfdctint.c, "islow") and libjpeg-turbo's quantiser
/// (jcdctmgr.c: reciprocal multiplication with its correction terms, 16-bit DCTELEMs), so the
/// coefficients equal those libjpeg-turbo writes.
/// </summary>
internal static class JpegFdct
{
    private const int ConstBits = 13;
    private const int Pass1Bits = 2;
    private const int Fix0298631336 = 2446;
    private const int Fix0390180644 = 3196;
    private const int Fix0541196100 = 4433;
    private const int Fix0765366865 = 6270;
    private const int Fix0899976223 = 7373;
    private const int Fix1175875602 = 9633;
    private const int Fix1501321110 = 12299;
    private const int Fix1847759065 = 15137;
    private const int Fix1961570560 = 16069;
    private const int Fix2053119869 = 16819;
    private const int Fix2562915447 = 20995;
    private const int Fix3072711026 = 25172;

    /// <summary>In place on 64 level-shifted samples (sample - 128), row-major; output scaled by 8.</summary>
    public static void Forward(Span<int> data)
    {
        for (var row = 0; row < 8; row++)
        {
            var d = data.Slice(row * 8, 8);
            Butterfly(d[0], d[1], d[2], d[3], d[4], d[5], d[6], d[7], out var o0, out var o1, out var o2, out var o3, out var o4, out var o5, out var o6, out var o7, ConstBits - Pass1Bits, firstPass: true);
            d[0] = o0;
            d[1] = o1;
            d[2] = o2;
            d[3] = o3;
            d[4] = o4;
            d[5] = o5;
            d[6] = o6;
            d[7] = o7;
        }

        for (var col = 0; col < 8; col++)
        {
            Butterfly(data[col], data[8 + col], data[16 + col], data[24 + col], data[32 + col], data[40 + col], data[48 + col], data[56 + col], out var o0, out var o1, out var o2, out var o3, out var o4, out var o5, out var o6, out var o7, ConstBits + Pass1Bits, firstPass: false);
            data[col] = o0;
            data[8 + col] = o1;
            data[16 + col] = o2;
            data[24 + col] = o3;
            data[32 + col] = o4;
            data[40 + col] = o5;
            data[48 + col] = o6;
            data[56 + col] = o7;
        }
    }

    /// <summary>
    /// Quantises with libjpeg-turbo's reciprocal tables for divisor = quant * 8 (the DCT's scale),
    /// writing coefficients in natural order.
    /// </summary>
    public static void Quantize(ReadOnlySpan<int> data, JpegQuantDivisors divisors, Span<short> output)
    {
        for (var i = 0; i < 64; i++)
        {
            var temp = data[i];
            var negative = temp < 0;
            if (negative)
            {
                temp = -temp;
            }

            // UDCTELEM2 arithmetic: the biased magnitude times the 16-bit reciprocal, unsigned.
            var product = (uint)(temp + divisors.Correction[i]) * divisors.Reciprocal[i];
            var q = (short)(product >> (divisors.Shift[i] + 16));
            output[i] = negative ? (short)-q : q;
        }
    }

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
