namespace RobustGate.Engine.Imaging;

/// <summary>libjpeg-turbo's precomputed quantisation divisors (jcdctmgr.c compute_reciprocal).</summary>
internal sealed class JpegQuantDivisors
{
    public readonly ushort[] Reciprocal = new ushort[64];
    public readonly ushort[] Correction = new ushort[64];
    public readonly int[] Shift = new int[64];

    // The same three tables as 32-bit lanes for the vectorised quantiser; ShiftWide already holds shift + 16.
    public readonly uint[] ReciprocalWide = new uint[64];
    public readonly uint[] CorrectionWide = new uint[64];
    public readonly uint[] ShiftWide = new uint[64];

    /// <summary>From a quantisation table in natural order.</summary>
    public JpegQuantDivisors(ReadOnlySpan<ushort> quant)
    {
        for (var i = 0; i < 64; i++)
        {
            var divisor = (uint)(quant[i] << 3);
            if (divisor == 1)
            {
                Reciprocal[i] = 1;
                Correction[i] = 0;
                Shift[i] = -16;
                continue;
            }

            var b = 31 - System.Numerics.BitOperations.LeadingZeroCount(divisor);
            var r = 16 + b;
            var fq = (1ul << r) / divisor;
            var fr = (1ul << r) % divisor;
            var c = divisor / 2;
            if (fr == 0)
            {
                fq >>= 1;
                r--;
            }
            else if (fr <= divisor / 2)
            {
                c++;
            }
            else
            {
                fq++;
            }

            Reciprocal[i] = (ushort)fq;
            Correction[i] = (ushort)c;
            Shift[i] = r - 16;
        }

        for (var i = 0; i < 64; i++)
        {
            ReciprocalWide[i] = Reciprocal[i];
            CorrectionWide[i] = Correction[i];
            ShiftWide[i] = (uint)(Shift[i] + 16);
        }
    }
}
