namespace RobustGate.Engine.Tensors;

/// <content>Shape ops: reshape-style views (shared storage) and copying ones (permute, cat, narrow, index_select).</content>
public sealed partial class Tensor
{
    /// <summary>Same elements, new shape (one dim may be -1). Shares storage.</summary>
    public Tensor Reshape(params int[] newShape)
    {
        var resolved = ResolveShape(newShape);
        var inShape = shape;
        return ShareAs(resolved).Record("reshape", [this], (g, _) => [g.Reshape(inShape)]);
    }

    /// <summary>Alias of <see cref="Reshape"/> (every tensor is contiguous).</summary>
    public Tensor View(params int[] newShape) => Reshape(newShape);

    public Tensor Flatten(int startDim = 0, int endDim = -1)
    {
        if (shape.Length == 0)
        {
            return Reshape(1);
        }

        var s = ShapeUtil.NormalizeDim(startDim, shape.Length);
        var e = ShapeUtil.NormalizeDim(endDim, shape.Length);
        var result = new List<int>();
        for (var i = 0; i < s; i++)
        {
            result.Add(shape[i]);
        }

        var merged = 1;
        for (var i = s; i <= e; i++)
        {
            merged *= shape[i];
        }

        result.Add(merged);
        for (var i = e + 1; i < shape.Length; i++)
        {
            result.Add(shape[i]);
        }

        return Reshape([.. result]);
    }

    public Tensor Unsqueeze(int dim)
    {
        var d = dim < 0 ? dim + shape.Length + 1 : dim;
        if ((uint)d > (uint)shape.Length)
        {
            throw new ArgumentOutOfRangeException(nameof(dim), $"Unsqueeze dim {dim} out of range for rank {shape.Length}.");
        }

        var s = new List<int>(shape);
        s.Insert(d, 1);
        return Reshape([.. s]);
    }

    /// <summary>Removes size-1 dims (all of them, or only <paramref name="dim"/>).</summary>
    public Tensor Squeeze(int? dim = null)
    {
        if (dim is { } dd)
        {
            var d = ShapeUtil.NormalizeDim(dd, shape.Length);
            if (shape[d] != 1)
            {
                return Reshape(shape);
            }

            var s = new List<int>(shape);
            s.RemoveAt(d);
            return Reshape([.. s]);
        }

        return Reshape([.. shape.Where(x => x != 1)]);
    }

    /// <summary>Reorders dims (a copy).</summary>
    public Tensor Permute(params int[] dims)
    {
        if (dims.Length != shape.Length)
        {
            throw new ArgumentException($"Permute needs {shape.Length} dims, got {dims.Length}.");
        }

        var perm = new int[dims.Length];
        var seen = new bool[dims.Length];
        for (var i = 0; i < dims.Length; i++)
        {
            perm[i] = ShapeUtil.NormalizeDim(dims[i], shape.Length);
            if (seen[perm[i]])
            {
                throw new ArgumentException($"Permute dims repeat: [{string.Join(", ", dims)}].");
            }

            seen[perm[i]] = true;
        }

        var outShape = new int[perm.Length];
        var inStrides = ShapeUtil.Strides(shape);
        var srcStrides = new int[perm.Length];
        for (var i = 0; i < perm.Length; i++)
        {
            outShape[i] = shape[perm[i]];
            srcStrides[i] = inStrides[perm[i]];
        }

        var result = Uninitialized(outShape);
        StridedCopy(Span, srcStrides, outShape, result.Span);
        var inverse = new int[perm.Length];
        for (var i = 0; i < perm.Length; i++)
        {
            inverse[perm[i]] = i;
        }

        return result.Record("permute", [this], (g, _) => [g.Permute(inverse)]);
    }

    public Tensor Transpose(int dim0, int dim1)
    {
        var perm = Enumerable.Range(0, shape.Length).ToArray();
        var a = ShapeUtil.NormalizeDim(dim0, shape.Length);
        var b = ShapeUtil.NormalizeDim(dim1, shape.Length);
        (perm[a], perm[b]) = (perm[b], perm[a]);
        return Permute(perm);
    }

    /// <summary>Transpose of a 2-D tensor.</summary>
    public Tensor T() => shape.Length == 2 ? Transpose(0, 1) : throw new InvalidOperationException("T() needs a 2-D tensor.");

    /// <summary>Elements [start, start + length) along <paramref name="dim"/> (a copy).</summary>
    public Tensor Narrow(int dim, int start, int length)
    {
        var d = ShapeUtil.NormalizeDim(dim, shape.Length);
        if (start < 0)
        {
            start += shape[d];
        }

        if (start < 0 || length < 0 || start + length > shape[d])
        {
            throw new ArgumentOutOfRangeException(nameof(start), $"Narrow [{start}, {start + length}) out of range for dim {d} of size {shape[d]}.");
        }

        var (outer, size, inner) = Split(shape, d);
        var outShape = (int[])shape.Clone();
        outShape[d] = length;
        var result = Uninitialized(outShape);
        var src = Span;
        var dst = result.Span;
        for (var o = 0; o < outer; o++)
        {
            src.Slice(((o * size) + start) * inner, length * inner).CopyTo(dst.Slice(o * length * inner, length * inner));
        }

        var inShape = shape;
        return result.Record("narrow", [this], (g, _) =>
        {
            var gi = Zeros(inShape);
            var gs = g.Span;
            var gd = gi.Span;
            for (var o = 0; o < outer; o++)
            {
                gs.Slice(o * length * inner, length * inner).CopyTo(gd.Slice(((o * size) + start) * inner, length * inner));
            }

            return [gi];
        });
    }

    /// <summary>Python-style slice along a dim: [start, end) with negative indices from the end.</summary>
    public Tensor Slice(int dim, int start, int end)
    {
        var d = ShapeUtil.NormalizeDim(dim, shape.Length);
        var n = shape[d];
        var s = Math.Clamp(start < 0 ? start + n : start, 0, n);
        var e = Math.Clamp(end < 0 ? end + n : end, 0, n);
        return Narrow(d, s, Math.Max(0, e - s));
    }

    /// <summary>Picks entries <paramref name="indices"/> along <paramref name="dim"/> (repeats allowed).</summary>
    public Tensor IndexSelect(int dim, params int[] indices)
    {
        var d = ShapeUtil.NormalizeDim(dim, shape.Length);
        var (outer, size, inner) = Split(shape, d);
        foreach (var i in indices)
        {
            if ((uint)i >= (uint)size)
            {
                throw new IndexOutOfRangeException($"Index {i} out of range for dim {d} of size {size}.");
            }
        }

        var outShape = (int[])shape.Clone();
        outShape[d] = indices.Length;
        var result = Uninitialized(outShape);
        var src = Span;
        var dst = result.Span;
        for (var o = 0; o < outer; o++)
        {
            for (var k = 0; k < indices.Length; k++)
            {
                src.Slice(((o * size) + indices[k]) * inner, inner).CopyTo(dst.Slice(((o * indices.Length) + k) * inner, inner));
            }
        }

        var inShape = shape;
        return result.Record("index_select", [this], (g, _) =>
        {
            var gi = Zeros(inShape);
            var gs = g.Span;
            var gd = gi.Span;
            for (var o = 0; o < outer; o++)
            {
                for (var k = 0; k < indices.Length; k++)
                {
                    var target = gd.Slice(((o * size) + indices[k]) * inner, inner);
                    System.Numerics.Tensors.TensorPrimitives.Add(target, gs.Slice(((o * indices.Length) + k) * inner, inner), target);
                }
            }

            return [gi];
        });
    }

    /// <summary>Concatenates along an existing dim.</summary>
    public static Tensor Cat(IReadOnlyList<Tensor> tensors, int dim = 0)
    {
        ArgumentNullException.ThrowIfNull(tensors);
        if (tensors.Count == 0)
        {
            throw new ArgumentException("Cat needs at least one tensor.", nameof(tensors));
        }

        var first = tensors[0].shape;
        var d = ShapeUtil.NormalizeDim(dim, first.Length);
        var total = 0;
        foreach (var t in tensors)
        {
            if (t.shape.Length != first.Length)
            {
                throw new ArgumentException($"Cat: ranks differ ({ShapeUtil.Format(first)} vs {ShapeUtil.Format(t.shape)}).");
            }

            for (var i = 0; i < first.Length; i++)
            {
                if (i != d && t.shape[i] != first[i])
                {
                    throw new ArgumentException($"Cat: shapes {ShapeUtil.Format(first)} and {ShapeUtil.Format(t.shape)} differ outside dim {d}.");
                }
            }

            total += t.shape[d];
        }

        var outShape = (int[])first.Clone();
        outShape[d] = total;
        var result = Uninitialized(outShape);
        var (outer, _, inner) = Split(outShape, d);
        var dst = result.Span;
        var offset = 0;
        var offsets = new int[tensors.Count];
        for (var k = 0; k < tensors.Count; k++)
        {
            offsets[k] = offset;
            var t = tensors[k];
            var len = t.shape[d] * inner;
            var src = t.Span;
            for (var o = 0; o < outer; o++)
            {
                src.Slice(o * len, len).CopyTo(dst.Slice((o * total * inner) + (offset * inner), len));
            }

            offset += t.shape[d];
        }

        var inputs = tensors.ToArray();
        return result.Record("cat", inputs, (g, need) =>
        {
            var grads = new Tensor?[inputs.Length];
            for (var k = 0; k < inputs.Length; k++)
            {
                if (need[k])
                {
                    grads[k] = g.Narrow(d, offsets[k], inputs[k].shape[d]);
                }
            }

            return grads;
        });
    }

    /// <summary>Stacks equal-shaped tensors along a new dim.</summary>
    public static Tensor Stack(IReadOnlyList<Tensor> tensors, int dim = 0)
    {
        ArgumentNullException.ThrowIfNull(tensors);
        var unsqueezed = tensors.Select(t => t.Unsqueeze(dim)).ToArray();
        return Cat(unsqueezed, dim);
    }

    /// <summary>(product of dims before d, size of d, product of dims after d).</summary>
    internal static (int Outer, int Size, int Inner) Split(int[] s, int d)
    {
        var outer = 1;
        for (var i = 0; i < d; i++)
        {
            outer *= s[i];
        }

        var inner = 1;
        for (var i = d + 1; i < s.Length; i++)
        {
            inner *= s[i];
        }

        return (outer, s[d], inner);
    }

    private int[] ResolveShape(int[] newShape)
    {
        var resolved = (int[])newShape.Clone();
        var infer = -1;
        long known = 1;
        for (var i = 0; i < resolved.Length; i++)
        {
            if (resolved[i] == -1)
            {
                if (infer >= 0)
                {
                    throw new ArgumentException("Only one dimension can be -1 in a reshape.");
                }

                infer = i;
            }
            else
            {
                known *= resolved[i];
            }
        }

        if (infer >= 0)
        {
            if (known == 0 || Numel % known != 0)
            {
                throw new ArgumentException($"Cannot reshape {ShapeUtil.Format(shape)} to {ShapeUtil.Format(newShape)}.");
            }

            resolved[infer] = (int)(Numel / known);
        }

        if (ShapeUtil.Numel(resolved) != Numel)
        {
            throw new ArgumentException($"Cannot reshape {ShapeUtil.Format(shape)} ({Numel} elements) to {ShapeUtil.Format(newShape)}.");
        }

        return resolved;
    }

    /// <summary>Gathers a strided view of <paramref name="src"/> into contiguous <paramref name="dst"/>.</summary>
    private static void StridedCopy(ReadOnlySpan<float> src, int[] srcStrides, int[] outShape, Span<float> dst)
    {
        var rank = outShape.Length;
        if (dst.IsEmpty)
        {
            return;
        }

        if (rank == 0)
        {
            dst[0] = src[0];
            return;
        }

        var inner = outShape[rank - 1];
        var innerStride = srcStrides[rank - 1];
        Span<int> counter = stackalloc int[rank];
        var off = 0;
        var outer = dst.Length / inner;
        for (var o = 0; o < outer; o++)
        {
            var row = dst.Slice(o * inner, inner);
            if (innerStride == 1)
            {
                src.Slice(off, inner).CopyTo(row);
            }
            else
            {
                for (int j = 0, s = off; j < inner; j++, s += innerStride)
                {
                    row[j] = src[s];
                }
            }

            for (var k = rank - 2; k >= 0; k--)
            {
                counter[k]++;
                off += srcStrides[k];
                if (counter[k] < outShape[k])
                {
                    break;
                }

                off -= srcStrides[k] * outShape[k];
                counter[k] = 0;
            }
        }
    }
}
