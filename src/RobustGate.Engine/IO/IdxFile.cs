using System.Buffers.Binary;
using System.IO.Compression;

namespace RobustGate.Engine.IO;

/// <summary>
/// Reads and writes IDX files (LeCun's MNIST format, also Fashion-MNIST's): two zero bytes, a
/// type code, the number of dimensions, big-endian int32 sizes, then the elements. Files may be
/// gzip-compressed (detected by the 1f 8b signature, not the name). Only unsigned bytes (type
/// 0x08), the type of every MNIST-family file, are supported.
/// </summary>
public static class IdxFile
{
    private const byte UnsignedByteType = 0x08;

    /// <summary>Deflate cannot expand data by more than about 1032:1, which bounds what a gzip file can hold.</summary>
    private const long MaxDeflateRatio = 1032;

    public static IdxArray Read(string path)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        try
        {
            using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16);
            return Read(stream, path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new InvalidInputException($"cannot read IDX file: {e.Message}", path, e);
        }
    }

    /// <summary>Reads images: a 3-dimensional array (N, rows, cols).</summary>
    public static IdxArray ReadImages(string path)
    {
        var array = Read(path);
        if (array.Shape.Length != 3)
        {
            throw new InvalidInputException($"expected an IDX image file with 3 dimensions (count, rows, columns), found {array.Shape.Length}.", path);
        }

        return array;
    }

    /// <summary>Reads labels: a 1-dimensional array (N).</summary>
    public static IdxArray ReadLabels(string path)
    {
        var array = Read(path);
        if (array.Shape.Length != 1)
        {
            throw new InvalidInputException($"expected an IDX label file with 1 dimension, found {array.Shape.Length}.", path);
        }

        return array;
    }

    /// <summary>Parses an IDX image held in memory, raw or gzip; <paramref name="label"/> names it in errors.</summary>
    public static IdxArray Parse(byte[] bytes, string label)
    {
        ArgumentNullException.ThrowIfNull(bytes);
        using var stream = new MemoryStream(bytes, writable: false);
        return Read(stream, label);
    }

    /// <summary>Writes an unsigned-byte IDX file, gzip-compressed when <paramref name="gzip"/> is set.</summary>
    public static void Write(string path, IdxArray array, bool gzip = false) =>
        AtomicFile.Write(path, stream =>
        {
            if (gzip)
            {
                using var compressed = new GZipStream(stream, CompressionLevel.Optimal, leaveOpen: true);
                WriteTo(compressed, array);
            }
            else
            {
                WriteTo(stream, array);
            }
        });

    public static void WriteTo(Stream stream, IdxArray array) => WriteTo(stream, array, headerOnly: false);

    private static void WriteTo(Stream stream, IdxArray array, bool headerOnly)
    {
        ArgumentNullException.ThrowIfNull(stream);
        ArgumentNullException.ThrowIfNull(array);
        var header = new byte[4 + (4 * array.Shape.Length)];
        header[2] = UnsignedByteType;
        header[3] = checked((byte)array.Shape.Length);
        for (int i = 0; i < array.Shape.Length; i++)
        {
            BinaryPrimitives.WriteInt32BigEndian(header.AsSpan(4 + (4 * i)), array.Shape[i]);
        }

        stream.Write(header);
        if (!headerOnly)
        {
            stream.Write(array.Data);
        }
    }

    private static IdxArray Read(Stream file, string label)
    {
        Span<byte> signature = stackalloc byte[2];
        int sniffed = file.ReadAtLeast(signature, 2, throwOnEndOfStream: false);
        file.Position = 0;
        bool gzip = sniffed == 2 && signature[0] == 0x1f && signature[1] == 0x8b;
        if (!gzip)
        {
            return ReadRaw(file, file.Length, label, maxDataBytes: file.Length);
        }

        IdxArray array;
        try
        {
            using var decompressed = new GZipStream(file, CompressionMode.Decompress, leaveOpen: true);
            array = ReadRaw(decompressed, knownLength: null, label, maxDataBytes: file.Length * MaxDeflateRatio);
        }
        catch (InvalidDataException e)
        {
            throw new InvalidInputException($"gzip data is corrupt: {e.Message}", label, e);
        }

        CheckGzipTrailer(file, array, label);
        return array;
    }

    /// <summary>
    /// .NET's GZipStream ends quietly when a file is cut short, so a truncated download would pass
    /// as complete. The trailer's CRC-32 and length of what was decompressed catch that (only
    /// single-member gzip files, which is what gzip(1) and the dataset packages write).
    /// </summary>
    private static void CheckGzipTrailer(Stream file, IdxArray array, string label)
    {
        Span<byte> trailer = stackalloc byte[8];
        if (file.Length < 18)
        {
            throw new InvalidInputException("gzip file is truncated: too short for a gzip header and trailer.", label);
        }

        file.Position = file.Length - 8;
        file.ReadExactly(trailer);
        using var header = new MemoryStream();
        WriteTo(header, array, headerOnly: true);
        uint crc = Crc32.Append(Crc32.Compute(header.ToArray()), array.Data);
        uint size = unchecked((uint)(header.Length + array.Data.Length));
        if (BinaryPrimitives.ReadUInt32LittleEndian(trailer) != crc || BinaryPrimitives.ReadUInt32LittleEndian(trailer[4..]) != size)
        {
            throw new InvalidInputException("gzip file is truncated or corrupt: its trailer's CRC-32 and length do not match the decompressed data.", label);
        }
    }

    /// <summary>
    /// Reads header and data from <paramref name="stream"/>. The claimed data size is checked
    /// before allocating: against the exact length for raw files, and for gzip against the most the
    /// compressed file could expand to, so a fuzzed header cannot make it allocate gigabytes.
    /// </summary>
    private static IdxArray ReadRaw(Stream stream, long? knownLength, string label, long maxDataBytes)
    {
        Span<byte> magic = stackalloc byte[4];
        int got = stream.ReadAtLeast(magic, 4, throwOnEndOfStream: false);
        if (got < 4)
        {
            throw new InvalidInputException($"header too short: an IDX file starts with 4 magic bytes, found {got}.", label);
        }

        if (magic[0] != 0 || magic[1] != 0)
        {
            throw new InvalidInputException($"not an IDX file: the first two bytes are {magic[0]:x2} {magic[1]:x2}, expected 00 00.", label);
        }

        if (magic[2] != UnsignedByteType)
        {
            throw new InvalidInputException($"IDX element type 0x{magic[2]:x2} is not supported (expected 0x08, unsigned byte).", label);
        }

        int rank = magic[3];
        if (rank is < 1 or > 8)
        {
            throw new InvalidInputException($"IDX file declares {rank} dimensions (expected 1 to 8).", label);
        }

        Span<byte> sizes = stackalloc byte[4 * rank];
        got = stream.ReadAtLeast(sizes, sizes.Length, throwOnEndOfStream: false);
        if (got < sizes.Length)
        {
            throw new InvalidInputException($"header too short: {rank} dimension sizes need {sizes.Length} bytes, found {got}.", label);
        }

        var shape = new int[rank];
        long count = 1;
        for (int i = 0; i < rank; i++)
        {
            shape[i] = BinaryPrimitives.ReadInt32BigEndian(sizes[(4 * i)..]);
            if (shape[i] < 0)
            {
                throw new InvalidInputException($"dimension {i} has negative size {shape[i]}.", label);
            }

            count = shape[i] == 0 || count == 0 ? 0 : (count > long.MaxValue / shape[i] ? long.MaxValue : count * shape[i]);
        }

        string shapeText = string.Join(" x ", shape);
        long headerBytes = 4 + sizes.Length;
        if (knownLength is long length && length - headerBytes != count)
        {
            throw new InvalidInputException($"shape {shapeText} needs {count} data bytes, but the file has {length - headerBytes} after the header.", label);
        }

        if (knownLength is null && count > maxDataBytes)
        {
            throw new InvalidInputException($"shape {shapeText} needs {count} bytes, more than this gzip file can hold when decompressed.", label);
        }

        if (count > Array.MaxLength)
        {
            throw new InvalidInputException($"shape {shapeText} needs {count} bytes, more than one array can hold.", label);
        }

        byte[] data = ReadExact(stream, (int)count, shapeText, label);
        Span<byte> extra = stackalloc byte[1];
        if (stream.Read(extra) != 0)
        {
            throw new InvalidInputException($"data continues past the {count} bytes that shape {shapeText} needs.", label);
        }

        return new IdxArray(shape, data);
    }

    private static byte[] ReadExact(Stream stream, int count, string shapeText, string label)
    {
        var data = GC.AllocateUninitializedArray<byte>(count);
        int got = stream.ReadAtLeast(data, count, throwOnEndOfStream: false);
        if (got < count)
        {
            throw new InvalidInputException($"data truncated: shape {shapeText} needs {count} bytes, found {got}.", label);
        }

        return data;
    }
}
