namespace RobustGate.Engine.IO;

/// <summary>
/// The parsed, validated header of a .npy file: element type, C-order shape and where the data
/// starts. The data length has been checked against the file length.
/// </summary>
public sealed class NpyHeader
{
    internal NpyHeader(NpyDType dtype, int[] shape, long elementCount, long dataOffset)
    {
        DType = dtype;
        Shape = shape;
        ElementCount = elementCount;
        DataOffset = dataOffset;
    }

    public NpyDType DType { get; }

    /// <summary>Dimensions, outermost first (C order). Callers must not modify the array.</summary>
    public int[] Shape { get; }

    public long ElementCount { get; }

    /// <summary>Byte offset of the first element in the file.</summary>
    public long DataOffset { get; }

    public long DataBytes => ElementCount * DType.ElementSize();

    public override string ToString() => $"{DType.Descr()} ({string.Join(", ", Shape)})";
}
