using System.Numerics.Tensors;

namespace RobustGate.Engine.Tensors;

/// <content>
/// Reductions: Sum, Mean, Max, Min, ArgMax, ArgMin along dims or over the whole tensor. Sums run in
/// a fixed order (whole-tensor sums in blocks accumulated in double), so results never depend on
/// threads.
/// </content>
public sealed partial class Tensor
{
    private const int SumBlock = 4096;

    /// <summary>Sum of all elements (0-dimensional result).</summary>
    public Tensor Sum()
    {
        var r = Scalar((float)SumAll(Span));
        var inShape = shape;
        return r.Record("sum", [this], (g, _) => [Full(g.Item(), inShape)]);
    }

    public Tensor Mean()
    {
        var n = Numel;
        var r = Scalar((float)(SumAll(Span) / n));
        var inShape = shape;
        return r.Record("mean", [this], (g, _) => [Full(g.Item() / n, inShape)]);
    }

    public Tensor Sum(int dim, bool keepDim = false) => Sum([dim], keepDim);

    public Tensor Mean(int dim, bool keepDim = false) => Mean([dim], keepDim);

    /// <summary>Sum over several dims.</summary>
    public Tensor Sum(int[] dims, bool keepDim = false)
    {
        var (keptShape, outShape) = ReducedShapes(dims, keepDim);
        var r = SumDims(NormalizeDims(dims)).ShareAsAndDispose(outShape);
        var inShape = shape;
        return r.Record("sum_dims", [this], (g, _) => [g.Reshape(keptShape).BroadcastTo(inShape)]);
    }

    public Tensor Mean(int[] dims, bool keepDim = false)
    {
        var nd = NormalizeDims(dims);
        var count = 1;
        foreach (var d in nd)
        {
            count *= shape[d];
        }

        var sum = Sum(dims, keepDim);
        return sum / count;
    }

    /// <summary>Largest element (gradient split evenly among ties, like PyTorch's amax).</summary>
    public Tensor Max() => Extremum(max: true);

    public Tensor Min() => Extremum(max: false);

    /// <summary>Maximum along a dim; the gradient goes to the first maximal index.</summary>
    public Tensor Max(int dim, bool keepDim = false) => ExtremumAlong(dim, keepDim, max: true).Values;

    public Tensor Min(int dim, bool keepDim = false) => ExtremumAlong(dim, keepDim, max: false).Values;

    /// <summary>Index of the first maximum along a dim, as floats.</summary>
    public Tensor ArgMax(int dim, bool keepDim = false) => ExtremumAlong(dim, keepDim, max: true).Indices;

    public Tensor ArgMin(int dim, bool keepDim = false) => ExtremumAlong(dim, keepDim, max: false).Indices;

    /// <summary>Index of the first maximum of the flattened tensor.</summary>
    public int ArgMax() => TensorPrimitives.IndexOfMax(ReadOnlySpan);

    /// <summary>Values and first indices of the maximum along a dim (PyTorch's max(dim)).</summary>
    public (Tensor Values, Tensor Indices) MaxWithIndices(int dim, bool keepDim = false) => ExtremumAlong(dim, keepDim, max: true);

    public (Tensor Values, Tensor Indices) MinWithIndices(int dim, bool keepDim = false) => ExtremumAlong(dim, keepDim, max: false);

    /// <summary>
    /// Whole-span sum in blocks of <see cref="SumBlock"/> accumulated in double. Each block uses
    /// <see cref="Kernels.FixedOrderSum"/>, whose rounding depends on element positions only (not on
    /// the buffer's alignment or on whether the CPU runs Vector512 or Vector256 code).
    /// </summary>
    internal static double SumAll(ReadOnlySpan<float> s)
    {
        double total = 0;
        for (var i = 0; i < s.Length; i += SumBlock)
        {
            total += Kernels.FixedOrderSum.Sum(s.Slice(i, Math.Min(SumBlock, s.Length - i)));
        }

        return total;
    }

    private Tensor Extremum(bool max)
    {
        if (Numel == 0)
        {
            throw new InvalidOperationException("Max/Min of an empty tensor.");
        }

        var value = max ? TensorPrimitives.Max(ReadOnlySpan) : TensorPrimitives.Min(ReadOnlySpan);
        var r = Scalar(value);
        return r.Record(max ? "amax" : "amin", [this], (g, _) =>
        {
            var gi = Zeros(shape);
            var s = Span;
            var d = gi.Span;
            var ties = 0;
            for (var i = 0; i < s.Length; i++)
            {
                if (s[i] == value)
                {
                    ties++;
                }
            }

            var share = g.Item() / ties;
            for (var i = 0; i < s.Length; i++)
            {
                if (s[i] == value)
                {
                    d[i] = share;
                }
            }

            return [gi];
        });
    }

    private (Tensor Values, Tensor Indices) ExtremumAlong(int dim, bool keepDim, bool max)
    {
        var d = ShapeUtil.NormalizeDim(dim, shape.Length);
        var (outer, size, inner) = Split(shape, d);
        if (size == 0)
        {
            throw new InvalidOperationException("Max/Min along an empty dim.");
        }

        var (_, outShape) = ReducedShapes([d], keepDim);
        var values = Uninitialized(outShape);
        var indices = Uninitialized(outShape);
        var src = Span;
        var vs = values.Span;
        var ids = indices.Span;
        var idx = new int[outer * inner];
        for (var o = 0; o < outer; o++)
        {
            for (var j = 0; j < inner; j++)
            {
                var best = src[o * size * inner + j];
                var bestK = 0;
                for (var k = 1; k < size; k++)
                {
                    var v = src[((o * size) + k) * inner + j];
                    if (float.IsNaN(best))
                    {
                        break;
                    }

                    if (max ? v > best || float.IsNaN(v) : v < best || float.IsNaN(v))
                    {
                        best = v;
                        bestK = k;
                    }
                }

                vs[(o * inner) + j] = best;
                ids[(o * inner) + j] = bestK;
                idx[(o * inner) + j] = bestK;
            }
        }

        var inShape = shape;
        values.Record(max ? "max_dim" : "min_dim", [this], (g, _) =>
        {
            var gi = Zeros(inShape);
            var gs = g.Span;
            var gd = gi.Span;
            for (var o = 0; o < outer; o++)
            {
                for (var j = 0; j < inner; j++)
                {
                    gd[((o * size) + idx[(o * inner) + j]) * inner + j] = gs[(o * inner) + j];
                }
            }

            return [gi];
        });
        return (values, indices);
    }

    private int[] NormalizeDims(int[] dims)
    {
        var nd = dims.Select(x => ShapeUtil.NormalizeDim(x, shape.Length)).Distinct().ToArray();
        Array.Sort(nd);
        return nd;
    }

    private (int[] Kept, int[] Out) ReducedShapes(int[] dims, bool keepDim)
    {
        var nd = NormalizeDims(dims);
        var kept = (int[])shape.Clone();
        foreach (var d in nd)
        {
            kept[d] = 1;
        }

        var result = keepDim ? kept : shape.Where((_, i) => Array.IndexOf(nd, i) < 0).ToArray();
        return (kept, result);
    }

    /// <summary>Sums over sorted dims without autograd, result in keep-dim shape.</summary>
    private Tensor SumDims(int[] sortedDims)
    {
        // Merge runs of adjacent reduced dims, then reduce the merged groups innermost first.
        var current = this;
        var currentShape = (int[])shape.Clone();
        var owned = false;
        for (var gi = sortedDims.Length - 1; gi >= 0;)
        {
            var end = sortedDims[gi];
            var start = end;
            while (gi > 0 && sortedDims[gi - 1] == start - 1)
            {
                gi--;
                start--;
            }

            gi--;
            var (outer, _, inner) = Split(currentShape, end);
            var size = 1;
            for (var i = start; i <= end; i++)
            {
                size *= currentShape[i];
            }

            outer /= size / currentShape[end];
            var next = Uninitialized(outer * inner);
            ReduceSum(current.Span, outer, size, inner, next.Span);
            for (var i = start; i <= end; i++)
            {
                currentShape[i] = 1;
            }

            if (owned)
            {
                current.Dispose();
            }

            current = next;
            owned = true;
        }

        return owned ? current.ShareAsAndDispose(currentShape) : Clone().ShareAsAndDispose(currentShape);
    }

    private Tensor ShareAsAndDispose(int[] newShape)
    {
        var r = ShareAs(newShape);
        Dispose();
        return r;
    }

    /// <summary>dst[j] = sum over rows r of src[r, j] (r ascending): bias gradients.</summary>
    internal static void ReduceSumRows(ReadOnlySpan<float> src, int rows, int cols, Span<float> dst) => ReduceSum(src, 1, rows, cols, dst);

    /// <summary>dst[o, j] = sum over k of src[o, k, j], k ascending.</summary>
    internal static void ReduceSum(ReadOnlySpan<float> src, int outer, int size, int inner, Span<float> dst)
    {
        if (inner == 1)
        {
            for (var o = 0; o < outer; o++)
            {
                dst[o] = (float)SumAll(src.Slice(o * size, size));
            }

            return;
        }

        for (var o = 0; o < outer; o++)
        {
            var row = dst.Slice(o * inner, inner);
            if (size == 0)
            {
                row.Clear();
                continue;
            }

            src.Slice(o * size * inner, inner).CopyTo(row);
            for (var k = 1; k < size; k++)
            {
                TensorPrimitives.Add(row, src.Slice(((o * size) + k) * inner, inner), row);
            }
        }
    }
}
