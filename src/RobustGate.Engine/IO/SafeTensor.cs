namespace RobustGate.Engine.IO;

/// <summary>
/// One tensor of a safetensors file: its name, element type, shape and raw little-endian bytes
/// (already checked against the shape when the file was read).
/// </summary>
public sealed class SafeTensor
{
    internal SafeTensor(string name, SafeTensorDType dtype, int[] shape, long elementCount, ReadOnlyMemory<byte> data)
    {
        Name = name;
        DType = dtype;
        Shape = shape;
        ElementCount = elementCount;
        Data = data;
    }

    public string Name { get; }

    public SafeTensorDType DType { get; }

    /// <summary>The dimensions, outermost first. Callers must not modify the array.</summary>
    public int[] Shape { get; }

    public long ElementCount { get; }

    /// <summary>The raw little-endian element bytes.</summary>
    public ReadOnlyMemory<byte> Data { get; }

    /// <summary>The elements as float32; F16, BF16 and integers widen exactly, F64 rounds to nearest.</summary>
    public float[] ToFloat32()
    {
        var result = new float[checked((int)ElementCount)];
        CopyToFloat32(result);
        return result;
    }

    /// <summary>Converts into a caller-owned buffer of exactly <see cref="ElementCount"/> floats.</summary>
    public void CopyToFloat32(Span<float> destination)
    {
        if (destination.Length != ElementCount)
        {
            throw new ArgumentException($"Tensor '{Name}' has {ElementCount} elements; the destination holds {destination.Length}.", nameof(destination));
        }

        ElementConversion.ToFloat32(Data.Span, DType, destination);
    }

    /// <summary>The elements as int64; only for integer and BOOL tensors.</summary>
    public long[] ToInt64()
    {
        if (!ElementConversion.IsInteger(DType))
        {
            throw new InvalidOperationException($"Tensor '{Name}' is {DType.HeaderName()}, not an integer type; use ToFloat32.");
        }

        var result = new long[checked((int)ElementCount)];
        ElementConversion.ToInt64(Data.Span, DType, result);
        return result;
    }

    public override string ToString() => $"{Name}: {DType.HeaderName()}[{string.Join(", ", Shape)}]";
}
