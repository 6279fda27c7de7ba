namespace RobustGate.Engine.Imaging;

/// <summary>One colour component of a JPEG frame and its coefficient blocks.</summary>
internal sealed class JpegComponent
{
    public int Id;
    public int H;
    public int V;
    public int QuantTable;

    /// <summary>Quantisation table latched at the component's first scan, as libjpeg does (natural order).</summary>
    public ushort[]? Quant;

    /// <summary>Samples actually in the image: ceil(width * H / maxH) by ceil(height * V / maxV).</summary>
    public int Width;
    public int Height;

    /// <summary>Blocks stored: the MCU-padded grid.</summary>
    public int BlocksPerLine;
    public int BlocksPerColumn;

    /// <summary>Blocks a non-interleaved scan visits: ceil(Width / 8) by ceil(Height / 8).</summary>
    public int ScanBlocksPerLine;
    public int ScanBlocksPerColumn;

    public short[] Coefficients = [];
    public int DcPredictor;
    public JpegHuffmanTable? DcTable;
    public JpegHuffmanTable? AcTable;

    public Span<short> Block(int row, int col) => Coefficients.AsSpan(((row * BlocksPerLine) + col) * 64, 64);
}
