namespace RobustGate.Engine.Tensors;

/// <content>Sorting and gathering along a dim (DLR-style losses need sorted logits), and comparison masks.</content>
public sealed partial class Tensor
{
    /// <summary>
    /// Sorts along a dim (stable: equal values keep their order). Returns the values
    /// (differentiable) and the source indices (as floats).
    /// </summary>
    public (Tensor Values, Tensor Indices) Sort(int dim = -1, bool descending = false)
    {
        var d = ShapeUtil.NormalizeDim(dim, shape.Length);
        var (outer, size, inner) = Split(shape, d);
        var order = new int[Numel];
        var src = Span;
        var keys = new float[size];
        var idx = new int[size];
        for (var o = 0; o < outer; o++)
        {
            for (var j = 0; j < inner; j++)
            {
                for (var k = 0; k < size; k++)
                {
                    keys[k] = src[((o * size) + k) * inner + j];
                    idx[k] = k;
                }

                // Stable sort by (key, original index); NaN sorts as the largest value, as in PyTorch.
                Array.Sort(idx, (p, q) =>
                {
                    var c = CompareWithNaNLargest(keys[p], keys[q]);
                    if (descending)
                    {
                        c = -c;
                    }

                    return c != 0 ? c : p.CompareTo(q);
                });
                for (var k = 0; k < size; k++)
                {
                    order[((o * size) + k) * inner + j] = idx[k];
                }
            }
        }

        var indices = Uninitialized(shape);
        var ids = indices.Span;
        for (var i = 0; i < order.Length; i++)
        {
            ids[i] = order[i];
        }

        var values = GatherAlong(d, order);
        return (values, indices);
    }

    /// <summary>The k largest (or smallest) entries along a dim, in order, with their indices.</summary>
    public (Tensor Values, Tensor Indices) TopK(int k, int dim = -1, bool largest = true)
    {
        var d = ShapeUtil.NormalizeDim(dim, shape.Length);
        if (k < 0 || k > shape[d])
        {
            throw new ArgumentOutOfRangeException(nameof(k), $"TopK: k = {k} for a dim of size {shape[d]}.");
        }

        var (values, indices) = Sort(d, descending: largest);
        var result = (values.Narrow(d, 0, k), indices.Narrow(d, 0, k));
        indices.Dispose();
        return result;
    }

    /// <summary>
    /// out[..., i, ...] = this[..., index[..., i, ...], ...] along <paramref name="dim"/> (torch.gather):
    /// <paramref name="index"/> holds integer positions as floats and has this tensor's shape
    /// except along dim.
    /// </summary>
    public Tensor Gather(int dim, Tensor index)
    {
        ArgumentNullException.ThrowIfNull(index);
        var d = ShapeUtil.NormalizeDim(dim, shape.Length);
        if (index.Dim != shape.Length)
        {
            throw new ArgumentException($"Gather: index rank {index.Dim} differs from the input rank {shape.Length}.");
        }

        for (var i = 0; i < shape.Length; i++)
        {
            if (i != d && index.shape[i] != shape[i])
            {
                throw new ArgumentException($"Gather: index shape {ShapeUtil.Format(index.shape)} must match {ShapeUtil.Format(shape)} outside dim {d}.");
            }
        }

        var positions = new int[index.Numel];
        var src = index.ReadOnlySpan;
        for (var i = 0; i < positions.Length; i++)
        {
            positions[i] = (int)src[i];
            if (positions[i] != src[i] || (uint)positions[i] >= (uint)shape[d])
            {
                throw new IndexOutOfRangeException($"Gather: index {src[i]} is not a position in a dim of size {shape[d]}.");
            }
        }

        return GatherAlong(d, positions, index.shape);
    }

    /// <summary>1 where this &gt; other, else 0 (no gradient).</summary>
    public Tensor Gt(Tensor other) => Compare(other, static (a, b) => a > b);

    public Tensor Lt(Tensor other) => Compare(other, static (a, b) => a < b);

    public Tensor Ge(Tensor other) => Compare(other, static (a, b) => a >= b);

    public Tensor Le(Tensor other) => Compare(other, static (a, b) => a <= b);

    public Tensor Eq(Tensor other) => Compare(other, static (a, b) => a == b);

    public Tensor Gt(float value) => CompareScalar(value, static (a, b) => a > b);

    public Tensor Lt(float value) => CompareScalar(value, static (a, b) => a < b);

    public Tensor Ge(float value) => CompareScalar(value, static (a, b) => a >= b);

    public Tensor Le(float value) => CompareScalar(value, static (a, b) => a <= b);

    public Tensor Eq(float value) => CompareScalar(value, static (a, b) => a == b);

    private static int CompareWithNaNLargest(float a, float b)
    {
        var an = float.IsNaN(a);
        var bn = float.IsNaN(b);
        return an || bn ? an.CompareTo(bn) : a.CompareTo(b);
    }

    /// <summary>Gathers positions (same layout as the result) along dim d, with autograd.</summary>
    private Tensor GatherAlong(int d, int[] positions, int[]? resultShape = null)
    {
        var outShape = resultShape ?? shape;
        var (outer, size, inner) = Split(shape, d);
        var count = outShape[d];
        var result = Uninitialized(outShape);
        var src = Span;
        var dst = result.Span;
        for (var o = 0; o < outer; o++)
        {
            for (var k = 0; k < count; k++)
            {
                for (var j = 0; j < inner; j++)
                {
                    var at = ((o * count) + k) * inner + j;
                    dst[at] = src[((o * size) + positions[at]) * inner + j];
                }
            }
        }

        var inShape = shape;
        return result.Record("gather", [this], (g, _) =>
        {
            var gi = Zeros(inShape);
            var gs = g.Span;
            var gd = gi.Span;
            for (var o = 0; o < outer; o++)
            {
                for (var k = 0; k < count; k++)
                {
                    for (var j = 0; j < inner; j++)
                    {
                        var at = ((o * count) + k) * inner + j;
                        gd[((o * size) + positions[at]) * inner + j] += gs[at];
                    }
                }
            }

            return [gi];
        });
    }

    private Tensor Compare(Tensor other, Func<float, float, bool> predicate)
    {
        ArgumentNullException.ThrowIfNull(other);
        var outShape = ShapeUtil.BroadcastShapes(shape, other.shape);
        using var noGrad = new Autograd.NoGrad();
        using var a = BroadcastTo(outShape);
        using var b = other.BroadcastTo(outShape);
        var result = Uninitialized(outShape);
        var sa = a.Span;
        var sb = b.Span;
        var d = result.Span;
        for (var i = 0; i < d.Length; i++)
        {
            d[i] = predicate(sa[i], sb[i]) ? 1f : 0f;
        }

        return result;
    }

    private Tensor CompareScalar(float value, Func<float, float, bool> predicate)
    {
        var result = Uninitialized(shape);
        var s = Span;
        var d = result.Span;
        for (var i = 0; i < d.Length; i++)
        {
            d[i] = predicate(s[i], value) ? 1f : 0f;
        }

        return result;
    }
}
