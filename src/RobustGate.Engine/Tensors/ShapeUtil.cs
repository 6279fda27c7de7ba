namespace RobustGate.Engine.Tensors;

/// <summary>Shape arithmetic shared by tensor ops: element counts, strides, broadcasting, dim normalisation.</summary>
internal static class ShapeUtil
{
    public static int Numel(ReadOnlySpan<int> shape)
    {
        long n = 1;
        foreach (var d in shape)
        {
            if (d < 0)
            {
                throw new ArgumentException($"Negative dimension in shape [{string.Join(", ", shape.ToArray())}].");
            }

            n *= d;
        }

        if (n > int.MaxValue)
        {
            throw new ArgumentException($"Tensor of shape [{string.Join(", ", shape.ToArray())}] has more than 2^31 elements.");
        }

        return (int)n;
    }

    public static int[] Strides(ReadOnlySpan<int> shape)
    {
        var s = new int[shape.Length];
        var acc = 1;
        for (var i = shape.Length - 1; i >= 0; i--)
        {
            s[i] = acc;
            acc *= shape[i];
        }

        return s;
    }

    public static string Format(ReadOnlySpan<int> shape) => "[" + string.Join(", ", shape.ToArray()) + "]";

    public static int NormalizeDim(int dim, int rank)
    {
        var d = dim < 0 ? dim + rank : dim;
        if ((uint)d >= (uint)Math.Max(rank, 1) && !(rank == 0 && d == 0))
        {
            throw new ArgumentOutOfRangeException(nameof(dim), $"Dimension {dim} is out of range for a tensor of rank {rank}.");
        }

        return d;
    }

    public static int[] BroadcastShapes(int[] a, int[] b)
    {
        var rank = Math.Max(a.Length, b.Length);
        var result = new int[rank];
        for (var i = 0; i < rank; i++)
        {
            var da = i - (rank - a.Length) >= 0 ? a[i - (rank - a.Length)] : 1;
            var db = i - (rank - b.Length) >= 0 ? b[i - (rank - b.Length)] : 1;
            if (da != db && da != 1 && db != 1)
            {
                throw new ArgumentException($"Shapes {Format(a)} and {Format(b)} cannot be broadcast together.");
            }

            result[i] = da == 1 ? db : da;
        }

        return result;
    }

    /// <summary>Strides of <paramref name="shape"/> viewed as <paramref name="target"/> (0 on broadcast dims).</summary>
    public static int[] BroadcastStrides(int[] shape, int[] target)
    {
        var strides = Strides(shape);
        var result = new int[target.Length];
        var offset = target.Length - shape.Length;
        for (var i = 0; i < target.Length; i++)
        {
            var j = i - offset;
            result[i] = j < 0 || shape[j] == 1 ? 0 : strides[j];
        }

        return result;
    }

    public static bool SameShape(ReadOnlySpan<int> a, ReadOnlySpan<int> b) => a.SequenceEqual(b);
}
