using System.Runtime.CompilerServices;

namespace RobustGate.Engine.Imaging;

/// <summary>
/// Entropy-coded output with 0xFF byte stuffing; the final byte is padded with 1 bits, as libjpeg does.
/// Bits gather in a 64-bit register and bytes in a local buffer, so the stream sees one write per
/// few kilobytes instead of one virtual call per byte.
/// </summary>
internal sealed class JpegBitWriter
{
    private const int BufferSize = 8192;

    private readonly MemoryStream _stream;
    private readonly byte[] _buffer = new byte[BufferSize];
    private int _position;
    private ulong _bits;
    private int _count;

    public JpegBitWriter(MemoryStream stream)
    {
        _stream = stream;
    }

    /// <summary>
    /// Appends the low <paramref name="length"/> bits (at most 27: a Huffman code and its value
    /// bits) of <paramref name="code"/>. At most 31 bits are pending before a write and at most 7
    /// after a drain, so the 64-bit register never overflows.
    /// </summary>
    public void Write(int code, int length)
    {
        _bits = (_bits << length) | ((uint)code & ((1u << length) - 1));
        _count += length;
        // Draining only from 32 bits on keeps the register below 48 bits and the per-call work tiny.
        if (_count >= 32)
        {
            Drain();
        }
    }

    public void Flush()
    {
        if (_count > 0)
        {
            Write(0x7F, 7);
        }

        Drain();
        _stream.Write(_buffer, 0, _position);
        _position = 0;
        _bits = 0;
        _count = 0;
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private void Drain()
    {
        // Each byte may double with its stuffing 0: leave room for 6 bytes * 2.
        if (_position > BufferSize - 16)
        {
            _stream.Write(_buffer, 0, _position);
            _position = 0;
        }

        var buffer = _buffer;
        var position = _position;
        while (_count >= 8)
        {
            _count -= 8;
            var b = (byte)(_bits >> _count);
            buffer[position++] = b;
            if (b == 0xFF)
            {
                buffer[position++] = 0;
            }
        }

        _position = position;
    }
}
