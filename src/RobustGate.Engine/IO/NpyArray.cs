using System.Runtime.InteropServices;

namespace RobustGate.Engine.IO;

/// <summary>
/// An n-dimensional array as stored in a .npy file: element type, C-order shape and the raw
/// little-endian element bytes, with typed accessors.
/// </summary>
public sealed class NpyArray
{
    private readonly byte[] _data;

    public NpyArray(NpyDType dtype, int[] shape, byte[] data)
    {
        ArgumentNullException.ThrowIfNull(shape);
        ArgumentNullException.ThrowIfNull(data);
        long count = 1;
        foreach (int dim in shape)
        {
            ArgumentOutOfRangeException.ThrowIfNegative(dim, nameof(shape));
            count = checked(count * dim);
        }

        if (count * dtype.ElementSize() != data.Length)
        {
            throw new ArgumentException($"Shape ({string.Join(", ", shape)}) of {dtype.Descr()} needs {count * dtype.ElementSize()} bytes, got {data.Length}.", nameof(data));
        }

        DType = dtype;
        Shape = (int[])shape.Clone();
        ElementCount = count;
        _data = data;
    }

    public NpyDType DType { get; }

    /// <summary>Dimensions, outermost first. Callers must not modify the array.</summary>
    public int[] Shape { get; }

    public long ElementCount { get; }

    /// <summary>The raw little-endian element bytes.</summary>
    public ReadOnlySpan<byte> RawData => _data;

    public static NpyArray FromFloat32(ReadOnlySpan<float> values, params int[] shape) =>
        new(NpyDType.Float32, shape, MemoryMarshal.AsBytes(values).ToArray());

    public static NpyArray FromFloat64(ReadOnlySpan<double> values, params int[] shape) =>
        new(NpyDType.Float64, shape, MemoryMarshal.AsBytes(values).ToArray());

    public static NpyArray FromUInt8(ReadOnlySpan<byte> values, params int[] shape) =>
        new(NpyDType.UInt8, shape, values.ToArray());

    public static NpyArray FromInt64(ReadOnlySpan<long> values, params int[] shape) =>
        new(NpyDType.Int64, shape, MemoryMarshal.AsBytes(values).ToArray());

    /// <summary>All elements as float32 (float64 rounds to nearest; integers widen).</summary>
    public float[] ToFloat32()
    {
        var result = new float[checked((int)ElementCount)];
        ElementConversion.ToFloat32(_data, DType.ToSafeTensorDType(), result);
        return result;
    }

    /// <summary>All elements as float64 (exact for every supported type).</summary>
    public double[] ToFloat64()
    {
        var result = new double[checked((int)ElementCount)];
        if (DType == NpyDType.Float64)
        {
            MemoryMarshal.Cast<byte, double>(_data).CopyTo(result);
            return result;
        }

        if (ElementConversion.IsInteger(DType.ToSafeTensorDType()))
        {
            var longs = ToInt64();
            for (int i = 0; i < longs.Length; i++)
            {
                result[i] = longs[i];
            }

            return result;
        }

        var floats = ToFloat32();
        for (int i = 0; i < floats.Length; i++)
        {
            result[i] = floats[i];
        }

        return result;
    }

    /// <summary>The elements of a uint8 or bool array.</summary>
    public byte[] ToUInt8()
    {
        if (DType is not (NpyDType.UInt8 or NpyDType.Bool))
        {
            throw new InvalidOperationException($"Array is {DType.Descr()}, not uint8 or bool.");
        }

        return (byte[])_data.Clone();
    }

    /// <summary>The elements of an integer or bool array as int64.</summary>
    public long[] ToInt64()
    {
        var dtype = DType.ToSafeTensorDType();
        if (!ElementConversion.IsInteger(dtype))
        {
            throw new InvalidOperationException($"Array is {DType.Descr()}, not an integer type.");
        }

        var result = new long[checked((int)ElementCount)];
        ElementConversion.ToInt64(_data, dtype, result);
        return result;
    }

    public override string ToString() => $"{DType.Descr()} ({string.Join(", ", Shape)})";
}
