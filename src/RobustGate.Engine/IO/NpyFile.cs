using System.Buffers.Binary;
using System.Globalization;
using System.Text;
using Microsoft.Win32.SafeHandles;

namespace RobustGate.Engine.IO;

/// <summary>
/// Reads and writes numpy's .npy format (versions 1.0, 2.0 and 3.0; C order; little-endian).
/// Headers are validated against the real file length before anything is allocated, and big
/// files can be read in slices (<see cref="ReadHeader"/> + <see cref="ReadBytes"/>) so a 150 MB
/// CIFAR-10-C array never has to be in memory at once.
/// </summary>
public static class NpyFile
{
    /// <summary>numpy itself refuses headers over 10,000 bytes by default; this is a generous cap.</summary>
    public const int MaxHeaderBytes = 1 << 20;

    private static readonly byte[] Magic = [0x93, (byte)'N', (byte)'U', (byte)'M', (byte)'P', (byte)'Y'];

    /// <summary>Reads and validates only the header; the data length is checked against the file length.</summary>
    public static NpyHeader ReadHeader(string path)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        try
        {
            using SafeFileHandle handle = File.OpenHandle(path, FileMode.Open, FileAccess.Read, FileShare.Read);
            return ReadHeader(handle, path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new InvalidInputException($"cannot read .npy file: {e.Message}", path, e);
        }
    }

    /// <summary>Reads the whole array.</summary>
    public static NpyArray Read(string path)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        try
        {
            using SafeFileHandle handle = File.OpenHandle(path, FileMode.Open, FileAccess.Read, FileShare.Read);
            var header = ReadHeader(handle, path);
            if (header.DataBytes > Array.MaxLength)
            {
                throw new InvalidInputException($"array of {header.DataBytes} bytes is too large to load at once; read it in slices.", path);
            }

            var data = GC.AllocateUninitializedArray<byte>((int)header.DataBytes);
            ReadExactly(handle, data, header.DataOffset, path);
            return new NpyArray(header.DType, header.Shape, data);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new InvalidInputException($"cannot read .npy file: {e.Message}", path, e);
        }
    }

    /// <summary>
    /// Reads raw element bytes starting at element <paramref name="firstElement"/> (C order) into
    /// <paramref name="destination"/>, whose length must be a whole number of elements in range.
    /// </summary>
    public static void ReadBytes(string path, NpyHeader header, long firstElement, Span<byte> destination)
    {
        ArgumentNullException.ThrowIfNull(header);
        int size = header.DType.ElementSize();
        if (firstElement < 0 || destination.Length % size != 0 || firstElement + (destination.Length / size) > header.ElementCount)
        {
            throw new ArgumentOutOfRangeException(nameof(firstElement), $"Elements [{firstElement}, +{destination.Length / size}) are outside the array of {header.ElementCount} elements.");
        }

        try
        {
            using SafeFileHandle handle = File.OpenHandle(path, FileMode.Open, FileAccess.Read, FileShare.Read);
            ReadExactly(handle, destination, header.DataOffset + (firstElement * size), path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new InvalidInputException($"cannot read .npy file: {e.Message}", path, e);
        }
    }

    /// <summary>Parses a complete .npy image held in memory; <paramref name="label"/> names it in errors.</summary>
    public static NpyArray Parse(byte[] bytes, string label)
    {
        ArgumentNullException.ThrowIfNull(bytes);
        var header = ParseHeader(bytes, bytes.Length, label);
        return new NpyArray(header.DType, header.Shape, bytes.AsSpan((int)header.DataOffset).ToArray());
    }

    public static void Write(string path, NpyArray array) => AtomicFile.Write(path, stream => WriteTo(stream, array));

    public static void Write(string path, ReadOnlySpan<float> values, params int[] shape) => Write(path, NpyArray.FromFloat32(values, shape));

    public static void Write(string path, ReadOnlySpan<double> values, params int[] shape) => Write(path, NpyArray.FromFloat64(values, shape));

    public static void Write(string path, ReadOnlySpan<byte> values, params int[] shape) => Write(path, NpyArray.FromUInt8(values, shape));

    public static void Write(string path, ReadOnlySpan<long> values, params int[] shape) => Write(path, NpyArray.FromInt64(values, shape));

    /// <summary>The complete file image of <paramref name="array"/>.</summary>
    public static byte[] ToArray(NpyArray array)
    {
        using var stream = new MemoryStream();
        WriteTo(stream, array);
        return stream.ToArray();
    }

    /// <summary>Writes version 1.0 (2.0 when the header needs more than 65535 bytes), padded so data starts on a 64-byte boundary.</summary>
    public static void WriteTo(Stream stream, NpyArray array)
    {
        ArgumentNullException.ThrowIfNull(stream);
        ArgumentNullException.ThrowIfNull(array);
        string shape = array.Shape.Length switch
        {
            0 => "()",
            1 => $"({array.Shape[0].ToString(CultureInfo.InvariantCulture)},)",
            _ => "(" + string.Join(", ", array.Shape.Select(d => d.ToString(CultureInfo.InvariantCulture))) + ")",
        };
        string dict = $"{{'descr': '{array.DType.Descr()}', 'fortran_order': False, 'shape': {shape}, }}";
        int prefix = 10;
        int total = (prefix + dict.Length + 1 + 63) / 64 * 64;
        byte major = 1;
        if (total - prefix > ushort.MaxValue)
        {
            major = 2;
            prefix = 12;
            total = (prefix + dict.Length + 1 + 63) / 64 * 64;
        }

        string text = dict.PadRight(total - prefix - 1) + "\n";
        Span<byte> lead = stackalloc byte[12];
        Magic.CopyTo(lead);
        lead[6] = major;
        lead[7] = 0;
        if (major == 1)
        {
            BinaryPrimitives.WriteUInt16LittleEndian(lead[8..], (ushort)text.Length);
        }
        else
        {
            BinaryPrimitives.WriteUInt32LittleEndian(lead[8..], (uint)text.Length);
        }

        stream.Write(lead[..prefix]);
        stream.Write(Encoding.ASCII.GetBytes(text));
        stream.Write(array.RawData);
    }

    private static NpyHeader ReadHeader(SafeFileHandle handle, string path)
    {
        long length = RandomAccess.GetLength(handle);
        Span<byte> lead = stackalloc byte[12];
        int leadBytes = RandomAccess.Read(handle, lead, 0);
        int headerLength = ParseLead(lead[..leadBytes], length, path, out int prefix);
        var prefixBytes = new byte[prefix + headerLength];
        ReadExactly(handle, prefixBytes, 0, path);
        return ParseHeader(prefixBytes, length, path);
    }

    private static void ReadExactly(SafeFileHandle handle, Span<byte> destination, long offset, string path)
    {
        int read = 0;
        while (read < destination.Length)
        {
            int n = RandomAccess.Read(handle, destination[read..], offset + read);
            if (n == 0)
            {
                throw new InvalidInputException($"file ended while reading {destination.Length} bytes at offset {offset}.", path);
            }

            read += n;
        }
    }

    /// <summary>Validates magic, version and header length; returns the header length and the size of the fixed prefix.</summary>
    private static int ParseLead(ReadOnlySpan<byte> lead, long fileLength, string path, out int prefix)
    {
        if (lead.Length < 8 || !lead[..6].SequenceEqual(Magic))
        {
            throw new InvalidInputException(lead.Length < 8
                ? $"header too short: {fileLength} bytes cannot hold the .npy magic and version."
                : "not a .npy file: the magic string \\x93NUMPY is missing.", path);
        }

        byte major = lead[6];
        byte minor = lead[7];
        if (major is < 1 or > 3 || minor != 0)
        {
            throw new InvalidInputException($"unsupported .npy format version {major}.{minor} (expected 1.0, 2.0 or 3.0).", path);
        }

        prefix = major == 1 ? 10 : 12;
        if (lead.Length < prefix)
        {
            throw new InvalidInputException($"header too short: the version {major}.0 header length field needs {prefix} bytes, the file has {fileLength}.", path);
        }

        long headerLength = major == 1 ? BinaryPrimitives.ReadUInt16LittleEndian(lead[8..]) : BinaryPrimitives.ReadUInt32LittleEndian(lead[8..]);
        if (headerLength > MaxHeaderBytes)
        {
            throw new InvalidInputException($"header length {headerLength} exceeds the limit of {MaxHeaderBytes} bytes.", path);
        }

        if (prefix + headerLength > fileLength)
        {
            throw new InvalidInputException($"header length {headerLength} runs past the end of the file ({fileLength} bytes).", path);
        }

        return (int)headerLength;
    }

    /// <summary>Parses the header from <paramref name="bytes"/>, which hold at least the whole header.</summary>
    private static NpyHeader ParseHeader(ReadOnlySpan<byte> bytes, long fileLength, string path)
    {
        int headerLength = ParseLead(bytes[..Math.Min(12, bytes.Length)], fileLength, path, out int prefix);
        var raw = bytes.Slice(prefix, headerLength);
        string text;
        if (bytes[6] == 3)
        {
            if (!System.Text.Unicode.Utf8.IsValid(raw))
            {
                throw new InvalidInputException("version 3.0 header is not valid UTF-8.", path);
            }

            text = Encoding.UTF8.GetString(raw);
        }
        else
        {
            text = Encoding.Latin1.GetString(raw);
        }

        Dictionary<string, object> dict;
        try
        {
            dict = NpyHeaderDictionary.Parse(text);
        }
        catch (FormatException e)
        {
            throw new InvalidInputException($"header dictionary is malformed: {e.Message}", path, e);
        }

        foreach (string key in dict.Keys)
        {
            if (key is not ("descr" or "fortran_order" or "shape"))
            {
                throw new InvalidInputException($"header has unexpected key '{key}' (expected descr, fortran_order, shape).", path);
            }
        }

        if (!dict.TryGetValue("descr", out object? descrValue) || descrValue is not string descr)
        {
            throw new InvalidInputException("header field 'descr' is missing or not a string.", path);
        }

        if (!NpyDTypes.TryParseDescr(descr, out var dtype))
        {
            throw new InvalidInputException($"header field 'descr' is '{descr}'; expected a little-endian f2/f4/f8/u1/i1/i2/i4/i8/b1 type.", path);
        }

        if (!dict.TryGetValue("fortran_order", out object? orderValue) || orderValue is not bool fortranOrder)
        {
            throw new InvalidInputException("header field 'fortran_order' is missing or not True/False.", path);
        }

        if (fortranOrder)
        {
            throw new InvalidInputException("array is stored in Fortran order (fortran_order: True); only C order is supported — save it with np.ascontiguousarray.", path);
        }

        if (!dict.TryGetValue("shape", out object? shapeValue) || shapeValue is not int[] shape)
        {
            throw new InvalidInputException("header field 'shape' is missing or not a tuple of integers.", path);
        }

        long count = 1;
        foreach (int dim in shape)
        {
            count = dim == 0 || count == 0 ? 0 : (count > long.MaxValue / dim ? long.MaxValue : count * dim);
        }

        long dataOffset = prefix + headerLength;
        long available = fileLength - dataOffset;
        long needed = count > long.MaxValue / dtype.ElementSize() ? long.MaxValue : count * dtype.ElementSize();
        if (needed != available)
        {
            throw new InvalidInputException($"shape ({string.Join(", ", shape)}) of {descr} needs {needed} data bytes, but the file has {available} after the header.", path);
        }

        return new NpyHeader(dtype, shape, count, dataOffset);
    }
}
