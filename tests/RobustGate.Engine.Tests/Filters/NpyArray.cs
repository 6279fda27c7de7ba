using System.Buffers.Binary;
using System.IO.Compression;
using System.Text;
using RobustGate.Engine.Tests.TestSupport;

namespace RobustGate.Engine.Tests.Filters;

/// <summary>
/// A numpy array read from a .npy entry of an .npz file written by make_reference.py. Only what the
/// reference files use: little-endian f8, f4 and u1, C order.
/// </summary>
internal sealed class NpyArray
{
    private NpyArray(int[] shape, string dtype, double[] values)
    {
        Shape = shape;
        DType = dtype;
        Values = values;
    }

    public int[] Shape { get; }

    /// <summary>numpy's dtype string, e.g. "&lt;f8", "|u1".</summary>
    public string DType { get; }

    /// <summary>Every element widened to double (exact for all three dtypes).</summary>
    public double[] Values { get; }

    public float[] AsSingles() => Array.ConvertAll(Values, v => (float)v);

    public byte[] AsBytes() => Array.ConvertAll(Values, v => (byte)v);

    public static Dictionary<string, NpyArray> LoadNpz(string fileName)
    {
        var path = Path.Combine(SharedData.RepositoryRoot, "tests", "RobustGate.Engine.Tests", "Filters", "TestData", fileName);
        var result = new Dictionary<string, NpyArray>(StringComparer.Ordinal);
        using var zip = ZipFile.OpenRead(path);
        foreach (var entry in zip.Entries)
        {
            using var stream = entry.Open();
            using var memory = new MemoryStream();
            stream.CopyTo(memory);
            result[Path.GetFileNameWithoutExtension(entry.Name)] = Parse(memory.ToArray(), entry.Name);
        }

        return result;
    }

    private static NpyArray Parse(byte[] bytes, string name)
    {
        if (bytes.Length < 10 || bytes[0] != 0x93 || Encoding.ASCII.GetString(bytes, 1, 5) != "NUMPY")
        {
            throw new InvalidDataException($"{name}: not an .npy array.");
        }

        int headerLength;
        int offset;
        if (bytes[6] == 1)
        {
            headerLength = BinaryPrimitives.ReadUInt16LittleEndian(bytes.AsSpan(8));
            offset = 10;
        }
        else
        {
            headerLength = (int)BinaryPrimitives.ReadUInt32LittleEndian(bytes.AsSpan(8));
            offset = 12;
        }

        var header = Encoding.ASCII.GetString(bytes, offset, headerLength);
        var dtype = Between(header, "'descr': '", "'");
        if (header.Contains("'fortran_order': True", StringComparison.Ordinal))
        {
            throw new InvalidDataException($"{name}: Fortran order is not supported.");
        }

        var shapeText = Between(header, "'shape': (", ")");
        var shape = shapeText.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Select(int.Parse).ToArray();
        var count = shape.Aggregate(1, (a, b) => a * b);
        var data = bytes.AsSpan(offset + headerLength);
        var values = new double[count];
        for (var i = 0; i < count; i++)
        {
            values[i] = dtype switch
            {
                "<f8" => BinaryPrimitives.ReadDoubleLittleEndian(data[(i * 8)..]),
                "<f4" => BinaryPrimitives.ReadSingleLittleEndian(data[(i * 4)..]),
                "|u1" => data[i],
                "<i8" => BinaryPrimitives.ReadInt64LittleEndian(data[(i * 8)..]),
                _ => throw new InvalidDataException($"{name}: dtype {dtype} is not supported."),
            };
        }

        return new NpyArray(shape, dtype, values);
    }

    private static string Between(string text, string start, string end)
    {
        var i = text.IndexOf(start, StringComparison.Ordinal) + start.Length;
        var j = text.IndexOf(end, i, StringComparison.Ordinal);
        return text[i..j];
    }
}
