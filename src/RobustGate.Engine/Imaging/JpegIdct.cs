namespace RobustGate.Engine.Imaging;

/// <summary>
/// libjpeg's accurate integer inverse DCT (jidctint.c, "islow"): 13-bit constants, 2 extra bits
/// after the column pass, and the post-IDCT range-limit table indexed with a 10-bit mask, so the
/// output equals libjpeg-turbo's for every input.
/// </summary>
internal static class JpegIdct
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

    /// <summary>libjpeg's idct range-limit table: index (value &amp; 1023) of a value centred on 0.</summary>
    private static readonly byte[] RangeLimit = BuildRangeLimit();

    /// <summary>Dequantises and inverse-transforms one block into 8 rows of <paramref name="output"/>.</summary>
    public static void Transform(ReadOnlySpan<short> coefficients, ReadOnlySpan<ushort> quant, Span<int> workspace, Span<byte> output, int stride)
    {
        var range = RangeLimit;
        for (var col = 0; col < 8; col++)
        {
            if (coefficients[8 + col] == 0 && coefficients[16 + col] == 0 && coefficients[24 + col] == 0 && coefficients[32 + col] == 0
                && coefficients[40 + col] == 0 && coefficients[48 + col] == 0 && coefficients[56 + col] == 0)
            {
                var dc = coefficients[col] * quant[col] << Pass1Bits;
                for (var r = 0; r < 8; r++)
                {
                    workspace[(r * 8) + col] = dc;
                }

                continue;
            }

            var z2 = coefficients[16 + col] * quant[16 + col];
            var z3 = coefficients[48 + col] * quant[48 + col];
            var z1 = (z2 + z3) * Fix0541196100;
            var tmp2 = z1 + (z3 * -Fix1847759065);
            var tmp3 = z1 + (z2 * Fix0765366865);
            z2 = coefficients[col] * quant[col];
            z3 = coefficients[32 + col] * quant[32 + col];
            var tmp0 = (z2 + z3) << ConstBits;
            var tmp1 = (z2 - z3) << ConstBits;
            var tmp10 = tmp0 + tmp3;
            var tmp13 = tmp0 - tmp3;
            var tmp11 = tmp1 + tmp2;
            var tmp12 = tmp1 - tmp2;

            tmp0 = coefficients[56 + col] * quant[56 + col];
            tmp1 = coefficients[40 + col] * quant[40 + col];
            tmp2 = coefficients[24 + col] * quant[24 + col];
            tmp3 = coefficients[8 + col] * quant[8 + col];
            Odd(ref tmp0, ref tmp1, ref tmp2, ref tmp3);

            const int shift = ConstBits - Pass1Bits;
            const int round = 1 << (shift - 1);
            workspace[col] = (tmp10 + tmp3 + round) >> shift;
            workspace[56 + col] = (tmp10 - tmp3 + round) >> shift;
            workspace[8 + col] = (tmp11 + tmp2 + round) >> shift;
            workspace[48 + col] = (tmp11 - tmp2 + round) >> shift;
            workspace[16 + col] = (tmp12 + tmp1 + round) >> shift;
            workspace[40 + col] = (tmp12 - tmp1 + round) >> shift;
            workspace[24 + col] = (tmp13 + tmp0 + round) >> shift;
            workspace[32 + col] = (tmp13 - tmp0 + round) >> shift;
        }

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
