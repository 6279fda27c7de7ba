namespace RobustGate.Engine.Imaging;

/// <summary>Code and length per symbol for one Huffman table (jchuff.c jpeg_make_c_derived_tbl).</summary>
internal sealed class JpegHuffmanEncoder
{
    public readonly ushort[] Codes = new ushort[256];
    public readonly byte[] Lengths = new byte[256];

    public JpegHuffmanEncoder(ReadOnlySpan<byte> counts, ReadOnlySpan<byte> values)
    {
        var code = 0;
        var k = 0;
        for (var length = 1; length <= 16; length++)
        {
            for (var i = 0; i < counts[length - 1]; i++, k++, code++)
            {
                Codes[values[k]] = (ushort)code;
                Lengths[values[k]] = (byte)length;
            }

            code <<= 1;
        }
    }

    public static readonly JpegHuffmanEncoder DcLuminance = new(JpegStandardTables.DcLuminanceCounts, JpegStandardTables.DcValues);
    public static readonly JpegHuffmanEncoder DcChrominance = new(JpegStandardTables.DcChrominanceCounts, JpegStandardTables.DcValues);
    public static readonly JpegHuffmanEncoder AcLuminance = new(JpegStandardTables.AcLuminanceCounts, JpegStandardTables.AcLuminanceValues);
    public static readonly JpegHuffmanEncoder AcChrominance = new(JpegStandardTables.AcChrominanceCounts, JpegStandardTables.AcChrominanceValues);
}
