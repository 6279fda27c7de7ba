using System.Buffers;
using System.Buffers.Binary;
using System.Runtime.CompilerServices;

namespace RobustGate.Engine.Imaging;

/// <summary>The marker parser and entropy decoder behind <see cref="JpegDecoder"/>.</summary>
internal sealed class JpegDecodeState
{
    private const int MaxScans = 256;
    private readonly byte[] _data;
    private readonly string _fileName;
    private readonly DecodeLimits _limits;
    private readonly ushort[]?[] _quantTables = new ushort[4][];
    private readonly JpegHuffmanTable?[] _dcTables = new JpegHuffmanTable[4];
    private readonly JpegHuffmanTable?[] _acTables = new JpegHuffmanTable[4];
    private JpegComponent[] _components = [];
    private int _width;
    private int _height;
    private bool _progressive;
    private int _maxH;
    private int _maxV;
    private int _mcusPerLine;
    private int _mcusPerColumn;
    private int _restartInterval;
    private int _adobeTransform = -1;
    private bool _sawJfif;
    private int _scans;

    public JpegDecodeState(byte[] data, string fileName, DecodeLimits limits)
    {
        _data = data;
        _fileName = fileName;
        _limits = limits;
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public void ReadAll()
    {
        if (!JpegDecoder.IsJpeg(_data))
        {
            throw Invalid("not a JPEG file: expected the SOI marker 0xFFD8 at byte 0.");
        }

        var pos = 2;
        while (true)
        {
            // Find the next marker, skipping garbage and fill bytes as libjpeg's next_marker does.
            while (pos < _data.Length && _data[pos] != 0xFF)
            {
                pos++;
            }

            while (pos < _data.Length && _data[pos] == 0xFF)
            {
                pos++;
            }

            if (pos >= _data.Length)
            {
                throw Invalid("JPEG truncated: the file ends before the EOI marker.");
            }

            var marker = _data[pos++];
            if (marker == 0xD9)
            {
                break;
            }

            if (marker is 0x01 or (>= 0xD0 and <= 0xD7) or 0x00)
            {
                continue;
            }

            if (pos + 2 > _data.Length)
            {
                throw Invalid($"JPEG truncated: marker 0xFF{marker:X2} at byte {pos - 2} has no length field.");
            }

            var length = BinaryPrimitives.ReadUInt16BigEndian(_data.AsSpan(pos));
            if (length < 2 || pos + length > _data.Length)
            {
                throw Invalid($"JPEG marker 0xFF{marker:X2} at byte {pos - 2}: segment length {length} runs past the end of the file ({_data.Length - pos} bytes left).");
            }

            var segment = _data.AsSpan(pos + 2, length - 2);
            var segmentStart = pos - 2;
            pos += length;
            switch (marker)
            {
                case 0xC0 or 0xC1 or 0xC2:
                    ReadFrame(segment, marker == 0xC2, segmentStart);
                    break;
                case 0xC3 or (>= 0xC5 and <= 0xC7) or (>= 0xC9 and <= 0xCB) or (>= 0xCD and <= 0xCF):
                    throw Invalid($"JPEG frame type SOF{marker - 0xC0} (lossless, hierarchical or arithmetic coding) is not supported; expected baseline, extended or progressive Huffman (SOF0/1/2).");
                case 0xC4:
                    ReadHuffmanTables(segment);
                    break;
                case 0xDB:
                    ReadQuantTables(segment);
                    break;
                case 0xDD:
                    if (segment.Length < 2)
                    {
                        throw Invalid("JPEG DRI segment: expected 2 bytes.");
                    }

                    _restartInterval = BinaryPrimitives.ReadUInt16BigEndian(segment);
                    break;
                case 0xDA:
                    pos = ReadScan(segment, pos);
                    break;
                case 0xE0:
                    _sawJfif |= segment.StartsWith("JFIF\0"u8);
                    break;
                case 0xEE:
                    if (segment.Length >= 12 && segment.StartsWith("Adobe"u8))
                    {
                        _adobeTransform = segment[11];
                    }

                    break;
                case 0xD8:
                    throw Invalid($"JPEG: a second SOI marker at byte {segmentStart}.");
                default:
                    break;
            }
        }

        if (_components.Length == 0 || _scans == 0)
        {
            throw Invalid("JPEG has no frame header (SOF) or no scan (SOS) before EOI.");
        }
    }

    /// <summary>Returns pooled buffers; the state is unusable afterwards.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public void Release()
    {
        foreach (var c in _components)
        {
            if (c.Coefficients.Length > 0)
            {
                ArrayPool<short>.Shared.Return(c.Coefficients);
                c.Coefficients = [];
            }
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public Image Output()
    {
        var count = _components.Length;
        if (count is not (1 or 3 or 4))
        {
            throw Invalid($"JPEG with {count} components; expected 1 (gray), 3 (YCbCr/RGB) or 4 (CMYK/YCCK).");
        }

        foreach (var comp in _components)
        {
            if (_maxH % comp.H != 0 || _maxV % comp.V != 0)
            {
                throw Invalid($"JPEG component {comp.Id}: sampling {comp.H}x{comp.V} against a maximum of {_maxH}x{_maxV} is a fractional ratio; expected the maximum to be a multiple.");
            }
        }

        // Planes and row buffers come from the pool: fresh pages are slow to touch, and a
        // decoder called once per image would otherwise pay for them every time.
        var pool = ArrayPool<byte>.Shared;
        var planes = new byte[count][];
        var rows = new byte[count][];
        var scratch = pool.Rent((_width * 2) + 32);
        var image = ImagePool.Rent(_width, _height, count == 1 ? 1 : 3);
        try
        {
            Span<int> workspace = stackalloc int[64];
            for (var ci = 0; ci < count; ci++)
            {
                var comp = _components[ci];
                var quant = comp.Quant ?? _quantTables[comp.QuantTable] ?? throw Invalid($"JPEG component {comp.Id}: quantisation table {comp.QuantTable} was never defined.");
                var stride = comp.BlocksPerLine * 8;
                planes[ci] = pool.Rent(stride * comp.ScanBlocksPerColumn * 8);
                rows[ci] = pool.Rent(_width);
                // Blocks beyond the component's own size only pad an MCU; they are never shown.
                for (var by = 0; by < comp.ScanBlocksPerColumn; by++)
                {
                    for (var bx = 0; bx < comp.ScanBlocksPerLine; bx++)
                    {
                        JpegIdct.Transform(comp.Block(by, bx), quant, workspace, planes[ci].AsSpan((by * 8 * stride) + (bx * 8)), stride);
                    }
                }
            }

            for (var y = 0; y < _height; y++)
            {
                for (var ci = 0; ci < count; ci++)
                {
                    var comp = _components[ci];
                    var target = count == 1 ? image.Row(y) : rows[ci].AsSpan(0, _width);
                    JpegUpsampler.UpsampleRow(planes[ci], comp.BlocksPerLine * 8, comp.Width, comp.Height, _maxH / comp.H, _maxV / comp.V, y, target, scratch);
                }

                if (count == 3)
                {
                    ConvertRow3(rows, image.Row(y));
                }
                else if (count == 4)
                {
                    ConvertRow4(rows, image.Row(y));
                }
            }
        }
        finally
        {
            pool.Return(scratch);
            foreach (var buffer in planes.Concat(rows))
            {
                if (buffer is not null)
                {
                    pool.Return(buffer);
                }
            }
        }

        return image;
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private void ConvertRow3(byte[][] rows, Span<byte> rgb)
    {
        var rgbSource = _adobeTransform == 0 || (_adobeTransform < 0 && !_sawJfif && _components[0].Id == 'R' && _components[1].Id == 'G' && _components[2].Id == 'B');
        if (!rgbSource)
        {
            JpegColor.YccToRgb(rows[0].AsSpan(0, _width), rows[1].AsSpan(0, _width), rows[2].AsSpan(0, _width), rgb);
            return;
        }

        for (var x = 0; x < _width; x++)
        {
            rgb[3 * x] = rows[0][x];
            rgb[(3 * x) + 1] = rows[1][x];
            rgb[(3 * x) + 2] = rows[2][x];
        }
    }

    /// <summary>
    /// libjpeg gives CMYK (converting YCCK when Adobe says transform 2); PIL reads Adobe files as
    /// inverted CMYK ("CMYK;I") and its convert("RGB") computes (255 - K) - C * (255 - K) / 255.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private void ConvertRow4(byte[][] rows, Span<byte> rgb)
    {
        var invert = _adobeTransform >= 0;
        for (var x = 0; x < _width; x++)
        {
            byte c, m, ye;
            if (_adobeTransform == 2)
            {
                JpegColor.YccToCmy(rows[0][x], rows[1][x], rows[2][x], out c, out m, out ye);
            }
            else
            {
                (c, m, ye) = (rows[0][x], rows[1][x], rows[2][x]);
            }

            int k = rows[3][x];
            if (invert)
            {
                c = (byte)(255 - c);
                m = (byte)(255 - m);
                ye = (byte)(255 - ye);
                k = 255 - k;
            }

            var nk = 255 - k;
            rgb[3 * x] = CmykChannel(c, nk);
            rgb[(3 * x) + 1] = CmykChannel(m, nk);
            rgb[(3 * x) + 2] = CmykChannel(ye, nk);
        }
    }

    private static byte CmykChannel(int value, int nk)
    {
        var t = (value * nk) + 128;
        var product = ((t >> 8) + t) >> 8;
        return (byte)Math.Clamp(nk - product, 0, 255);
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private void ReadFrame(ReadOnlySpan<byte> s, bool progressive, int at)
    {
        if (_components.Length != 0)
        {
            throw Invalid($"JPEG: a second frame header (SOF) at byte {at}; expected one.");
        }

        if (s.Length < 6)
        {
            throw Invalid("JPEG SOF segment: expected at least 6 bytes.");
        }

        if (s[0] != 8)
        {
            throw Invalid($"JPEG SOF: sample precision {s[0]} bits; expected 8.");
        }

        _height = BinaryPrimitives.ReadUInt16BigEndian(s[1..]);
        _width = BinaryPrimitives.ReadUInt16BigEndian(s[3..]);
        if (_height == 0)
        {
            throw Invalid("JPEG SOF: height 0 (defined by a DNL marker) is not supported; expected the height in the frame header.");
        }

        _limits.CheckPixels(_width, _height, _fileName);
        int count = s[5];
        if (count is not (1 or 3 or 4) || s.Length < 6 + (3 * count))
        {
            throw Invalid($"JPEG SOF: {count} components in {s.Length} bytes; expected 1, 3 or 4 components of 3 bytes each.");
        }

        _progressive = progressive;
        var components = new JpegComponent[count];
        for (var i = 0; i < count; i++)
        {
            var c = s.Slice(6 + (3 * i), 3);
            components[i] = new JpegComponent { Id = c[0], H = c[1] >> 4, V = c[1] & 15, QuantTable = c[2] };
            if (components[i].H is < 1 or > 4 || components[i].V is < 1 or > 4 || components[i].QuantTable > 3)
            {
                throw Invalid($"JPEG SOF component {c[0]}: sampling {components[i].H}x{components[i].V}, table {components[i].QuantTable}; expected sampling factors 1..4 and table 0..3.");
            }
        }

        _maxH = components.Max(c => c.H);
        _maxV = components.Max(c => c.V);
        _mcusPerLine = (_width + (8 * _maxH) - 1) / (8 * _maxH);
        _mcusPerColumn = (_height + (8 * _maxV) - 1) / (8 * _maxV);
        long totalBlocks = 0;
        foreach (var c in components)
        {
            c.Width = (int)(((long)_width * c.H + _maxH - 1) / _maxH);
            c.Height = (int)(((long)_height * c.V + _maxV - 1) / _maxV);
            c.ScanBlocksPerLine = (c.Width + 7) / 8;
            c.ScanBlocksPerColumn = (c.Height + 7) / 8;
            c.BlocksPerLine = _mcusPerLine * c.H;
            c.BlocksPerColumn = _mcusPerColumn * c.V;
            totalBlocks += (long)c.ScanBlocksPerLine * c.ScanBlocksPerColumn;
        }

        // Every block costs at least one bit of entropy-coded data; a header promising more
        // blocks than the file has bits is refused before the coefficient buffers exist.
        if (totalBlocks > 8L * _data.Length)
        {
            throw Invalid($"JPEG truncated: a {_width}x{_height} frame needs {totalBlocks} blocks but the file has only {_data.Length} bytes.");
        }

        _components = components;
        foreach (var c in components)
        {
            var length = checked(c.BlocksPerLine * c.BlocksPerColumn * 64);
            c.Coefficients = ArrayPool<short>.Shared.Rent(length);
            Array.Clear(c.Coefficients, 0, length);
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private void ReadQuantTables(ReadOnlySpan<byte> s)
    {
        while (s.Length > 0)
        {
            var precision = s[0] >> 4;
            var id = s[0] & 15;
            var size = precision == 0 ? 64 : 128;
            if (precision > 1 || id > 3 || s.Length < 1 + size)
            {
                throw Invalid($"JPEG DQT: table {id} with precision {precision} in {s.Length} bytes; expected table 0..3, precision 0 (8-bit) or 1 (16-bit) and 64 entries.");
            }

            var table = new ushort[64];
            var natural = JpegZigzag.NaturalOrder;
            for (var k = 0; k < 64; k++)
            {
                table[natural[k]] = precision == 0 ? s[1 + k] : BinaryPrimitives.ReadUInt16BigEndian(s[(1 + (2 * k))..]);
            }

            _quantTables[id] = table;
            s = s[(1 + size)..];
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private void ReadHuffmanTables(ReadOnlySpan<byte> s)
    {
        while (s.Length > 0)
        {
            if (s.Length < 17)
            {
                throw Invalid("JPEG DHT: a table header needs 17 bytes.");
            }

            var tableClass = s[0] >> 4;
            var id = s[0] & 15;
            var counts = s.Slice(1, 16);
            var total = 0;
            foreach (var c in counts)
            {
                total += c;
            }

            if (tableClass > 1 || id > 3 || total > 256 || s.Length < 17 + total)
            {
                throw Invalid($"JPEG DHT: class {tableClass}, table {id}, {total} symbols in {s.Length} bytes; expected class 0/1, table 0..3 and at most 256 symbols present.");
            }

            var table = JpegHuffmanTable.Build(counts, s.Slice(17, total))
                ?? throw Invalid($"JPEG DHT: table {id} has more codes of some length than fit in that many bits.");
            (tableClass == 0 ? _dcTables : _acTables)[id] = table;
            s = s[(17 + total)..];
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private int ReadScan(ReadOnlySpan<byte> s, int dataStart)
    {
        if (_components.Length == 0)
        {
            throw Invalid("JPEG: a scan (SOS) before the frame header (SOF).");
        }

        if (s.Length < 1 || s.Length < 1 + (2 * s[0]) + 3 || s[0] is < 1 or > 4)
        {
            throw Invalid("JPEG SOS segment: expected 1 to 4 components, 2 bytes each, then 3 bytes.");
        }

        int count = s[0];
        var scan = new JpegComponent[count];
        for (var i = 0; i < count; i++)
        {
            var id = s[1 + (2 * i)];
            var tables = s[2 + (2 * i)];
            var comp = Array.Find(_components, c => c.Id == id) ?? throw Invalid($"JPEG SOS: component id {id} is not in the frame.");
            if (Array.IndexOf(scan, comp) >= 0)
            {
                throw Invalid($"JPEG SOS: component id {id} listed twice.");
            }

            comp.DcTable = _dcTables[(tables >> 4) & 3];
            comp.AcTable = _acTables[tables & 3];
            comp.Quant ??= _quantTables[comp.QuantTable] is { } q ? (ushort[])q.Clone() : throw Invalid($"JPEG component {id}: quantisation table {comp.QuantTable} is not defined before its first scan.");
            scan[i] = comp;
        }

        var tail = s.Slice(1 + (2 * count), 3);
        int ss = tail[0], se = tail[1], ah = tail[2] >> 4, al = tail[2] & 15;
        if (_progressive)
        {
            var dc = ss == 0;
            if ((dc && se != 0) || (!dc && (se < ss || se > 63 || count != 1)) || ah > 13 || al > 13)
            {
                throw Invalid($"JPEG progressive scan parameters Ss={ss} Se={se} Ah={ah} Al={al} with {count} components are invalid.");
            }
        }
        else
        {
            ss = 0;
            se = 63;
            ah = 0;
            al = 0;
        }

        var blocksPerMcu = 0;
        foreach (var comp in scan)
        {
            blocksPerMcu += count == 1 ? 1 : comp.H * comp.V;
            var needsDc = ss == 0 && ah == 0;
            var needsAc = se > 0 || !_progressive;
            if ((needsDc && comp.DcTable is null) || (needsAc && !(ss == 0 && _progressive) && comp.AcTable is null))
            {
                throw Invalid($"JPEG SOS: component {comp.Id} uses a Huffman table that was never defined.");
            }

            comp.DcPredictor = 0;
        }

        if (blocksPerMcu > 10)
        {
            throw Invalid($"JPEG SOS: {blocksPerMcu} blocks per MCU; expected at most 10.");
        }

        // Each scan walks every block of its components whatever data it has, so the number of
        // scans bounds the work a small hostile file can cause; real files use at most a few dozen.
        if (++_scans > MaxScans)
        {
            throw Invalid($"JPEG has more than {MaxScans} scans; expected a few (baseline 1, progressive about 10).");
        }

        var reader = new JpegBitReader(_data, dataStart, _fileName);
        var scanDecoder = new JpegScanDecoder(reader, scan, ss, se, ah, al, _progressive, _fileName);
        var single = count == 1;
        var mcusX = single ? scan[0].ScanBlocksPerLine : _mcusPerLine;
        var mcusY = single ? scan[0].ScanBlocksPerColumn : _mcusPerColumn;
        var total = (long)mcusX * mcusY;
        var sinceRestart = 0;
        for (long mcu = 0; mcu < total; mcu++)
        {
            if (_restartInterval > 0 && sinceRestart == _restartInterval)
            {
                reader.Restart();
                scanDecoder.ResetForRestart();
                sinceRestart = 0;
            }

            var mx = (int)(mcu % mcusX);
            var my = (int)(mcu / mcusX);
            if (single)
            {
                scanDecoder.DecodeBlock(scan[0], scan[0].Block(my, mx));
            }
            else
            {
                foreach (var comp in scan)
                {
                    for (var v = 0; v < comp.V; v++)
                    {
                        for (var h = 0; h < comp.H; h++)
                        {
                            scanDecoder.DecodeBlock(comp, comp.Block((my * comp.V) + v, (mx * comp.H) + h));
                        }
                    }
                }
            }

            sinceRestart++;
        }

        return reader.Position;
    }

    private InvalidInputException Invalid(string message) => new(message, _fileName);
}
