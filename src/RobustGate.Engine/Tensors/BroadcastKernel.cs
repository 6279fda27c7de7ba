using System.Numerics.Tensors;
using RobustGate.Engine.Kernels;

namespace RobustGate.Engine.Tensors;

/// <summary>
/// Applies a <see cref="BinaryOp"/> with NumPy broadcasting. Dimensions are first collapsed
/// wherever both operands stay contiguous, so the work becomes an outer loop over runs of the
/// innermost collapsed dimension, each run a single SIMD call (TensorPrimitives) of the form
/// span-span, span-scalar or scalar-span.
/// </summary>
internal static class BroadcastKernel
{
    public static void Apply(BinaryOp op, ReadOnlySpan<float> a, int[] aShape, ReadOnlySpan<float> b, int[] bShape, int[] outShape, Span<float> dst)
    {
        if (dst.IsEmpty)
        {
            return;
        }

        if (a.Length == dst.Length && (b.Length == dst.Length || b.Length == 1))
        {
            if (dst.Length <= ParallelElementwise.ChunkSize)
            {
                if (b.Length == dst.Length)
                {
                    SpanSpan(op, a, b, dst);
                }
                else
                {
                    SpanScalar(op, a, b[0], dst);
                }

                return;
            }

            unsafe
            {
                fixed (float* pa = a, pb = b, pd = dst)
                {
                    var (ap, bp, dp, scalarB) = ((nint)pa, (nint)pb, (nint)pd, b.Length == 1);
                    ParallelElementwise.ForChunks(dst.Length, (offset, length) =>
                    {
                        var x = new ReadOnlySpan<float>((float*)ap + offset, length);
                        var d = new Span<float>((float*)dp + offset, length);
                        if (scalarB)
                        {
                            SpanScalar(op, x, *(float*)bp, d);
                        }
                        else
                        {
                            SpanSpan(op, x, new ReadOnlySpan<float>((float*)bp + offset, length), d);
                        }
                    });
                }
            }

            return;
        }

        if (a.Length == 1 && b.Length == dst.Length)
        {
            ScalarSpan(op, a[0], b, dst);
            return;
        }

        var rank = outShape.Length;
        var sa = ShapeUtil.BroadcastStrides(aShape, outShape);
        var sb = ShapeUtil.BroadcastStrides(bShape, outShape);

        // Collapse dims (outermost first) into [size, strideA, strideB] triples.
        var sizes = new List<int>(rank);
        var strA = new List<int>(rank);
        var strB = new List<int>(rank);
        for (var i = 0; i < rank; i++)
        {
            if (outShape[i] == 1)
            {
                continue;
            }

            var last = sizes.Count - 1;
            if (last >= 0 && strA[last] == sa[i] * outShape[i] && strB[last] == sb[i] * outShape[i])
            {
                sizes[last] *= outShape[i];
                strA[last] = sa[i];
                strB[last] = sb[i];
            }
            else
            {
                sizes.Add(outShape[i]);
                strA.Add(sa[i]);
                strB.Add(sb[i]);
            }
        }

        var dims = sizes.Count;
        var inner = sizes[dims - 1];
        var outer = dst.Length / inner;
        var layout = new RowLayout([.. sizes], [.. strA], [.. strB]);
        if (dst.Length <= ParallelElementwise.ChunkSize || outer == 1)
        {
            Rows(op, a, b, dst, layout, 0, outer);
            return;
        }

        // Rows are independent: split them into fixed blocks of about one chunk each.
        var rowsPerBlock = Math.Max(1, ParallelElementwise.ChunkSize / inner);
        unsafe
        {
            fixed (float* pa = a, pb = b, pd = dst)
            {
                var (ap, al, bp, bl, dp, dl) = ((nint)pa, a.Length, (nint)pb, b.Length, (nint)pd, dst.Length);
                ParallelLoop.ForChunks(outer, rowsPerBlock, (first, last) =>
                    Rows(op, new ReadOnlySpan<float>((float*)ap, al), new ReadOnlySpan<float>((float*)bp, bl), new Span<float>((float*)dp, dl), layout, (int)first, (int)last));
            }
        }
    }

    /// <summary>Computes output rows [first, last) of a collapsed broadcast layout.</summary>
    private static void Rows(BinaryOp op, ReadOnlySpan<float> a, ReadOnlySpan<float> b, Span<float> dst, RowLayout layout, int first, int last)
    {
        var dims = layout.Sizes.Length;
        var sizes = layout.Sizes;
        var strA = layout.StridesA;
        var strB = layout.StridesB;
        var inner = sizes[dims - 1];
        var innerA = strA[dims - 1];
        var innerB = strB[dims - 1];

        // Position the odometer at row `first`.
        Span<int> counter = stackalloc int[dims];
        int offA = 0, offB = 0, rest = first;
        for (var k = dims - 2; k >= 0; k--)
        {
            counter[k] = rest % sizes[k];
            rest /= sizes[k];
            offA += counter[k] * strA[k];
            offB += counter[k] * strB[k];
        }

        for (var o = first; o < last; o++)
        {
            var d = dst.Slice(o * inner, inner);
            if (innerA != 0 && innerB != 0)
            {
                SpanSpan(op, a.Slice(offA, inner), b.Slice(offB, inner), d);
            }
            else if (innerA != 0)
            {
                SpanScalar(op, a.Slice(offA, inner), b[offB], d);
            }
            else if (innerB != 0)
            {
                ScalarSpan(op, a[offA], b.Slice(offB, inner), d);
            }
            else
            {
                d.Fill(Scalar(op, a[offA], b[offB]));
            }

            // Advance the odometer over the outer collapsed dims.
            for (var k = dims - 2; k >= 0; k--)
            {
                counter[k]++;
                offA += strA[k];
                offB += strB[k];
                if (counter[k] < sizes[k])
                {
                    break;
                }

                offA -= strA[k] * sizes[k];
                offB -= strB[k] * sizes[k];
                counter[k] = 0;
            }
        }
    }

    private sealed record RowLayout(int[] Sizes, int[] StridesA, int[] StridesB);

    public static float Scalar(BinaryOp op, float x, float y) => op switch
    {
        BinaryOp.Add => x + y,
        BinaryOp.Subtract => x - y,
        BinaryOp.Multiply => x * y,
        BinaryOp.Divide => x / y,
        BinaryOp.Maximum => float.IsNaN(x) || float.IsNaN(y) ? float.NaN : Math.Max(x, y),
        BinaryOp.Minimum => float.IsNaN(x) || float.IsNaN(y) ? float.NaN : Math.Min(x, y),
        BinaryOp.Right => y,
        _ => throw new ArgumentOutOfRangeException(nameof(op)),
    };

    public static void SpanSpan(BinaryOp op, ReadOnlySpan<float> x, ReadOnlySpan<float> y, Span<float> d)
    {
        switch (op)
        {
            case BinaryOp.Add: TensorPrimitives.Add(x, y, d); break;
            case BinaryOp.Subtract: TensorPrimitives.Subtract(x, y, d); break;
            case BinaryOp.Multiply: TensorPrimitives.Multiply(x, y, d); break;
            case BinaryOp.Divide: TensorPrimitives.Divide(x, y, d); break;
            case BinaryOp.Maximum: TensorPrimitives.Max(x, y, d); break;
            case BinaryOp.Minimum: TensorPrimitives.Min(x, y, d); break;
            case BinaryOp.Right: y.CopyTo(d); break;
            default: throw new ArgumentOutOfRangeException(nameof(op));
        }
    }

    public static void SpanScalar(BinaryOp op, ReadOnlySpan<float> x, float y, Span<float> d)
    {
        switch (op)
        {
            case BinaryOp.Add: TensorPrimitives.Add(x, y, d); break;
            case BinaryOp.Subtract: TensorPrimitives.Subtract(x, y, d); break;
            case BinaryOp.Multiply: TensorPrimitives.Multiply(x, y, d); break;
            case BinaryOp.Divide: TensorPrimitives.Divide(x, y, d); break;
            case BinaryOp.Maximum: TensorPrimitives.Max(x, y, d); break;
            case BinaryOp.Minimum: TensorPrimitives.Min(x, y, d); break;
            case BinaryOp.Right: d.Fill(y); break;
            default: throw new ArgumentOutOfRangeException(nameof(op));
        }
    }

    public static void ScalarSpan(BinaryOp op, float x, ReadOnlySpan<float> y, Span<float> d)
    {
        switch (op)
        {
            case BinaryOp.Add: TensorPrimitives.Add(y, x, d); break;
            case BinaryOp.Subtract: TensorPrimitives.Subtract(x, y, d); break;
            case BinaryOp.Multiply: TensorPrimitives.Multiply(y, x, d); break;
            case BinaryOp.Divide: TensorPrimitives.Divide(x, y, d); break;
            case BinaryOp.Maximum: TensorPrimitives.Max(y, x, d); break;
            case BinaryOp.Minimum: TensorPrimitives.Min(y, x, d); break;
            case BinaryOp.Right: y.CopyTo(d); break;
            default: throw new ArgumentOutOfRangeException(nameof(op));
        }
    }
}
