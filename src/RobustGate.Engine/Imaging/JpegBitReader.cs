using System.Runtime.CompilerServices;

namespace RobustGate.Engine.Imaging;

/// <summary>
/// Reads the entropy-coded segment of a JPEG scan as libjpeg does: 0xFF 0x00 is a data byte,
/// runs of 0xFF are fill, and any other marker ends the data, after which zero bits are supplied.
/// Running off the end of the file (no marker at all) means the file is truncated.
/// </summary>
internal sealed class JpegBitReader
{
    private readonly byte[] _data;
    private readonly string _fileName;
    private ulong _bits;
    private int _count;
    private int _position;

    public JpegBitReader(byte[] data, int position, string fileName)
    {
        _data = data;
        _position = position;
        _fileName = fileName;
    }

    /// <summary>Set once a marker has been reached; its 0xFF is at <see cref="MarkerPosition"/>.</summary>
    public bool HitMarker { get; private set; }

    public int MarkerPosition { get; private set; }

    /// <summary>The position after the bytes consumed, for locating the marker that follows the scan.</summary>
    public int Position => HitMarker ? MarkerPosition : _position;

    public int GetBits(int n)
    {
        if (n == 0)
        {
            return 0;
        }

        if (_count < n)
        {
            Fill();
        }

        var value = (int)(_bits >> (64 - n));
        _bits <<= n;
        _count -= n;
        return value;
    }

    public int GetBit() => GetBits(1);

    /// <summary>The signed value of an n-bit magnitude category (JPEG's EXTEND).</summary>
    public int Receive(int n)
    {
        var v = GetBits(n);
        return v < 1 << (n - 1) ? v - (1 << n) + 1 : v;
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public int DecodeSymbol(JpegHuffmanTable table)
    {
        if (_count < 16)
        {
            Fill();
        }

        var entry = table.Lookahead[(int)(_bits >> (64 - JpegHuffmanTable.LookaheadBits))];
        if (entry != 0)
        {
            var length = entry >> 8;
            _bits <<= length;
            _count -= length;
            return entry & 0xFF;
        }

        var code = (int)(_bits >> (64 - JpegHuffmanTable.LookaheadBits));
        var len = JpegHuffmanTable.LookaheadBits;
        while (len <= 16 && code > table.MaxCode[len])
        {
            len++;
            code = (int)(_bits >> (64 - len));
        }

        if (len > 16)
        {
            throw new InvalidInputException("JPEG entropy-coded data: a bit pattern that is no Huffman code of the table in use (corrupt data).", _fileName);
        }

        _bits <<= len;
        _count -= len;
        return table.Values[(table.ValueOffset[len] + code) & 0xFF];
    }

    /// <summary>
    /// At a restart boundary: drop the buffered bits and consume an RSTn marker if one is next;
    /// any other marker is left in place (and zeros follow), as libjpeg's resync does for it.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public void Restart()
    {
        _bits = 0;
        _count = 0;
        if (!HitMarker)
        {
            // Skip to the next marker; the bytes in between are discarded as libjpeg does.
            while (true)
            {
                if (_position + 1 >= _data.Length)
                {
                    throw Truncated();
                }

                if (_data[_position] == 0xFF && _data[_position + 1] != 0 && _data[_position + 1] != 0xFF)
                {
                    break;
                }

                _position++;
            }

            HitMarker = true;
            MarkerPosition = _position;
        }

        var marker = _data[MarkerPosition + 1];
        if (marker is >= 0xD0 and <= 0xD7)
        {
            _position = MarkerPosition + 2;
            HitMarker = false;
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private void Fill()
    {
        while (_count <= 56)
        {
            int b;
            if (HitMarker)
            {
                b = 0;
            }
            else
            {
                if (_position >= _data.Length)
                {
                    throw Truncated();
                }

                b = _data[_position];
                if (b == 0xFF)
                {
                    var next = _position + 1;
                    while (next < _data.Length && _data[next] == 0xFF)
                    {
                        next++;
                    }

                    if (next >= _data.Length)
                    {
                        throw Truncated();
                    }

                    if (_data[next] == 0)
                    {
                        _position = next + 1;
                    }
                    else
                    {
                        HitMarker = true;
                        MarkerPosition = next - 1;
                        b = 0;
                    }
                }
                else
                {
                    _position++;
                }
            }

            _bits |= (ulong)b << (56 - _count);
            _count += 8;
        }
    }

    private InvalidInputException Truncated() =>
        new("JPEG truncated: the file ends inside entropy-coded scan data (expected more data and an EOI marker).", _fileName);
}
