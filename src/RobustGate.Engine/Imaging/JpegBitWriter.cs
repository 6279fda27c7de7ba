namespace RobustGate.Engine.Imaging;

/// <summary>Entropy-coded output with 0xFF byte stuffing; the final byte is padded with 1 bits, as libjpeg does.</summary>
internal sealed class JpegBitWriter
{
    private readonly MemoryStream _stream;
    private ulong _bits;
    private int _count;

    public JpegBitWriter(MemoryStream stream)
    {
        _stream = stream;
    }

    public void Write(int code, int length)
    {
        _bits = (_bits << length) | ((uint)code & ((1u << length) - 1));
        _count += length;
        while (_count >= 8)
        {
            _count -= 8;
            var b = (byte)(_bits >> _count);
            _stream.WriteByte(b);
            if (b == 0xFF)
            {
                _stream.WriteByte(0);
            }
        }
    }

    public void Flush()
    {
        if (_count > 0)
        {
            Write(0x7F, 7);
        }

        _bits = 0;
        _count = 0;
    }
}
