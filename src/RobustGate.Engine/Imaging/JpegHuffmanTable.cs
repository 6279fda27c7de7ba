using System.Runtime.CompilerServices;

namespace RobustGate.Engine.Imaging;

/// <summary>
/// A Huffman table from a DHT segment, arranged for decoding: a 9-bit lookahead table for short
/// codes and libjpeg's per-length max-code/value-pointer arrays for the rest.
/// </summary>
internal sealed class JpegHuffmanTable
{
    public const int LookaheadBits = 9;

    // Lookahead entry: (code length << 8) | symbol, or 0 when the code is longer than 9 bits.
    public readonly ushort[] Lookahead = new ushort[1 << LookaheadBits];
    public readonly int[] MaxCode = new int[18];
    public readonly int[] ValueOffset = new int[17];
    public readonly byte[] Values = new byte[256];

    /// <summary>Builds from the 16 code-length counts and the symbols; returns null when the counts are inconsistent.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static JpegHuffmanTable? Build(ReadOnlySpan<byte> counts, ReadOnlySpan<byte> symbols)
    {
        var table = new JpegHuffmanTable();
        symbols.CopyTo(table.Values);
        var code = 0;
        var k = 0;
        for (var length = 1; length <= 16; length++)
        {
            int n = counts[length - 1];
            table.ValueOffset[length] = k - code;
            if (n > 0)
            {
                for (var i = 0; i < n; i++, k++, code++)
                {
                    if (code >= 1 << length)
                    {
                        return null;
                    }

                    if (length <= LookaheadBits)
                    {
                        var shift = LookaheadBits - length;
                        var entry = (ushort)((length << 8) | symbols[k]);
                        for (var fill = 0; fill < 1 << shift; fill++)
                        {
                            table.Lookahead[(code << shift) | fill] = entry;
                        }
                    }
                }

                table.MaxCode[length] = code - 1;
            }
            else
            {
                table.MaxCode[length] = -1;
            }

            code <<= 1;
        }

        table.MaxCode[17] = int.MaxValue;
        return table;
    }
}
