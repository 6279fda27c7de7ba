using System.Buffers.Binary;
using System.Text;
using System.Text.RegularExpressions;

namespace RobustGate.Engine.Tests.Imaging;

/// <summary>
/// Minimal .npy reader for the reference files (little-endian u1, i4, u2 and f4, C order), kept
/// local so these tests do not depend on another area's NpyFile.
/// </summary>
internal sealed partial class NpyArray
{
    private NpyArray(string descr, int[] shape, byte[] data)
    {
        Descr = descr;
        Shape = shape;
        Data = data;
    }

    public string Descr { get; }

    public int[] Shape { get; }

    public byte[] Data { get; }

    public int Count => Shape.Aggregate(1, (a, b) => a * b);

    public static NpyArray Load(string path)
    {
        var bytes = File.ReadAllBytes(path);
        if (bytes.Length < 10 || bytes[0] != 0x93 || Encoding.ASCII.GetString(bytes, 1, 5) != "NUMPY")
        {
            throw new InvalidDataException($"{path}: not a .npy file.");
        }

        int headerLength, headerStart;
        if (bytes[6] == 1)
        {
            headerLength = BinaryPrimitives.ReadUInt16LittleEndian(bytes.AsSpan(8));
            headerStart = 10;
        }
        else
        {
            headerLength = (int)BinaryPrimitives.ReadUInt32LittleEndian(bytes.AsSpan(8));
            headerStart = 12;
        }

        var header = Encoding.ASCII.GetString(bytes, headerStart, headerLength);
        if (header.Contains("'fortran_order': True", StringComparison.Ordinal))
        {
            throw new InvalidDataException($"{path}: Fortran order is not supported.");
        }

        var descr = DescrPattern().Match(header).Groups[1].Value;
        var shapeText = ShapePattern().Match(header).Groups[1].Value;
        var shape = shapeText.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Select(int.Parse).ToArray();
        return new NpyArray(descr, shape, bytes[(headerStart + headerLength)..]);
    }

    public byte[] AsBytes() => Descr == "|u1" ? Data : throw new InvalidDataException($"dtype {Descr} is not uint8.");

    public int[] AsInt32()
    {
        var result = new int[Count];
        for (var i = 0; i < result.Length; i++)
        {
            result[i] = Descr switch
            {
                "<i4" => BinaryPrimitives.ReadInt32LittleEndian(Data.AsSpan(4 * i)),
                "<u2" => BinaryPrimitives.ReadUInt16LittleEndian(Data.AsSpan(2 * i)),
                "|u1" => Data[i],
                _ => throw new InvalidDataException($"dtype {Descr} is not an integer type."),
            };
        }

        return result;
    }

    public float[] AsSingle()
    {
        if (Descr != "<f4")
        {
            throw new InvalidDataException($"dtype {Descr} is not float32.");
        }

        var result = new float[Count];
        for (var i = 0; i < result.Length; i++)
        {
            result[i] = BinaryPrimitives.ReadSingleLittleEndian(Data.AsSpan(4 * i));
        }

        return result;
    }

    [GeneratedRegex(@"'descr':\s*'([^']+)'")]
    private static partial Regex DescrPattern();

    [GeneratedRegex(@"'shape':\s*\(([^)]*)\)")]
    private static partial Regex ShapePattern();
}
