namespace RobustGate.Engine.IO;

/// <summary>An unsigned-byte IDX array (the MNIST / Fashion-MNIST format): shape and elements in C order.</summary>
public sealed class IdxArray
{
    public IdxArray(int[] shape, byte[] data)
    {
        ArgumentNullException.ThrowIfNull(shape);
        ArgumentNullException.ThrowIfNull(data);
        long count = 1;
        foreach (int dim in shape)
        {
            ArgumentOutOfRangeException.ThrowIfNegative(dim, nameof(shape));
            count = checked(count * dim);
        }

        if (count != data.Length)
        {
            throw new ArgumentException($"Shape ({string.Join(", ", shape)}) holds {count} elements, got {data.Length}.", nameof(data));
        }

        Shape = (int[])shape.Clone();
        Data = data;
    }

    /// <summary>Dimensions, outermost first: (N) for labels, (N, rows, cols) for images.</summary>
    public int[] Shape { get; }

    /// <summary>The elements; callers must not modify them.</summary>
    public byte[] Data { get; }
}
