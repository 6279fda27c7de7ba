using System.Buffers.Binary;

namespace RobustGate.Engine.Imaging;

/// <summary>
/// Walks a PNG file's chunks, checking each one's length against the bytes that remain and its
/// CRC, so that nothing after it ever reads past the input.
/// </summary>
internal ref struct PngChunkReader
{
    private readonly ReadOnlySpan<byte> _file;
    private readonly string _fileName;
    private int _offset;

    public PngChunkReader(ReadOnlySpan<byte> file, string fileName)
    {
        _file = file;
        _fileName = fileName;
        _offset = PngDecoder.Signature.Length;
    }

    public uint Type { get; private set; }

    public ReadOnlySpan<byte> Data { get; private set; }

    /// <summary>Offset of the current chunk's length field, for messages.</summary>
    public int ChunkOffset { get; private set; }

    public static string TypeName(uint type) => string.Create(4, type, static (span, t) =>
    {
        for (var i = 0; i < 4; i++)
        {
            var c = (char)((t >> (24 - (8 * i))) & 0xFF);
            span[i] = c is >= ' ' and <= '~' ? c : '?';
        }
    });

    /// <summary>Moves to the next chunk; throws when the file ends before one is complete.</summary>
    public void MoveNext()
    {
        ChunkOffset = _offset;
        if (_file.Length - _offset < 12)
        {
            throw new InvalidInputException($"PNG truncated at byte {_offset}: expected another chunk (12 bytes at least) before IEND.", _fileName);
        }

        var length = BinaryPrimitives.ReadUInt32BigEndian(_file[_offset..]);
        if (length > int.MaxValue || length > (uint)(_file.Length - _offset - 12))
        {
            throw new InvalidInputException(
                $"PNG chunk at byte {_offset}: length {length} runs past the end of the file ({_file.Length - _offset - 12} bytes left).",
                _fileName);
        }

        var typeAndData = _file.Slice(_offset + 4, 4 + (int)length);
        var stored = BinaryPrimitives.ReadUInt32BigEndian(_file[(_offset + 8 + (int)length)..]);
        Type = BinaryPrimitives.ReadUInt32BigEndian(typeAndData);
        var actual = IO.Crc32.Compute(typeAndData);
        if (actual != stored)
        {
            throw new InvalidInputException(
                $"PNG chunk {TypeName(Type)} at byte {_offset}: CRC is 0x{stored:X8}, expected 0x{actual:X8} (the file is corrupt).",
                _fileName);
        }

        Data = typeAndData[4..];
        _offset += 12 + (int)length;
    }
}
