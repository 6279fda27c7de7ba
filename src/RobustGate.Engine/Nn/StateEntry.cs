namespace RobustGate.Engine.Nn;

/// <summary>
/// One named array of a state dict: a dtype tag, a shape and the values (float32 or int64).
/// Entries own copies of their data, so a state dict taken from a module is a snapshot.
/// </summary>
public sealed class StateEntry
{
    private StateEntry(StateDType dtype, int[] shape, float[]? float32, long[]? int64)
    {
        DType = dtype;
        Shape = shape;
        Float32 = float32;
        Int64 = int64;
    }

    public StateDType DType { get; }

    public IReadOnlyList<int> Shape { get; }

    /// <summary>The values when <see cref="DType"/> is Float32, otherwise null.</summary>
    public float[]? Float32 { get; }

    /// <summary>The values when <see cref="DType"/> is Int64, otherwise null.</summary>
    public long[]? Int64 { get; }

    public long ElementCount => DType == StateDType.Float32 ? Float32!.Length : Int64!.Length;

    public static StateEntry FromFloat32(float[] values, params int[] shape)
    {
        ArgumentNullException.ThrowIfNull(values);
        CheckCount(values.Length, shape);
        return new StateEntry(StateDType.Float32, (int[])shape.Clone(), values, null);
    }

    public static StateEntry FromInt64(long[] values, params int[] shape)
    {
        ArgumentNullException.ThrowIfNull(values);
        CheckCount(values.Length, shape);
        return new StateEntry(StateDType.Int64, (int[])shape.Clone(), null, values);
    }

    /// <summary>A scalar (shape []) int64 entry, the form PyTorch uses for counters.</summary>
    public static StateEntry Scalar(long value) => FromInt64([value]);

    /// <summary>A scalar (shape []) float32 entry.</summary>
    public static StateEntry Scalar(float value) => FromFloat32([value]);

    public int[] ShapeArray() => [.. Shape];

    /// <summary>Shape as PyTorch prints it, e.g. <c>[64, 3, 7, 7]</c>.</summary>
    public string ShapeText => FormatShape(Shape);

    public static string FormatShape(IReadOnlyList<int> shape) => "[" + string.Join(", ", shape) + "]";

    public bool ShapeEquals(IReadOnlyList<int> other)
    {
        ArgumentNullException.ThrowIfNull(other);
        if (other.Count != Shape.Count)
        {
            return false;
        }

        for (var i = 0; i < other.Count; i++)
        {
            if (other[i] != Shape[i])
            {
                return false;
            }
        }

        return true;
    }

    private static void CheckCount(int count, int[] shape)
    {
        ArgumentNullException.ThrowIfNull(shape);
        long expected = 1;
        foreach (var d in shape)
        {
            ArgumentOutOfRangeException.ThrowIfNegative(d, nameof(shape));
            expected *= d;
        }

        if (expected != count)
        {
            throw new ArgumentException($"Shape {FormatShape(shape)} holds {expected} elements but {count} values were given.", nameof(shape));
        }
    }
}
