using System.Numerics.Tensors;
using RobustGate.Engine.Tensors;
using Tensor = RobustGate.Engine.Tensors.Tensor;

namespace RobustGate.Engine.Functional;

/// <content>softmax and log_softmax along any dim (max-shifted, so large logits do not overflow).</content>
public static partial class F
{
    public static Tensor Softmax(Tensor input, int dim = -1)
    {
        var (outer, size, inner) = SoftmaxSplit(input, dim);
        var output = Tensor.Uninitialized(input.ShapeRef);
        SoftmaxRows(input.ReadOnlySpan, output.Span, outer, size, inner, log: false);
        return output.Record("softmax", [input], (g, _) =>
        {
            // dx = y * (g - sum(g * y)) along the dim.
            var gi = Tensor.Uninitialized(input.ShapeRef);
            var y = output.ReadOnlySpan;
            var gs = g.ReadOnlySpan;
            var d = gi.Span;
            for (var line = 0; line < outer * inner; line++)
            {
                int o = line / inner, j = line % inner;
                double dot = 0;
                for (var k = 0; k < size; k++)
                {
                    var idx = ((o * size) + k) * inner + j;
                    dot += gs[idx] * y[idx];
                }

                for (var k = 0; k < size; k++)
                {
                    var idx = ((o * size) + k) * inner + j;
                    d[idx] = (float)(y[idx] * (gs[idx] - dot));
                }
            }

            return [gi];
        });
    }

    public static Tensor LogSoftmax(Tensor input, int dim = -1)
    {
        var (outer, size, inner) = SoftmaxSplit(input, dim);
        var output = Tensor.Uninitialized(input.ShapeRef);
        SoftmaxRows(input.ReadOnlySpan, output.Span, outer, size, inner, log: true);
        return output.Record("log_softmax", [input], (g, _) =>
        {
            // dx = g - softmax * sum(g) along the dim.
            var gi = Tensor.Uninitialized(input.ShapeRef);
            var y = output.ReadOnlySpan;
            var gs = g.ReadOnlySpan;
            var d = gi.Span;
            for (var line = 0; line < outer * inner; line++)
            {
                int o = line / inner, j = line % inner;
                double sum = 0;
                for (var k = 0; k < size; k++)
                {
                    sum += gs[((o * size) + k) * inner + j];
                }

                for (var k = 0; k < size; k++)
                {
                    var idx = ((o * size) + k) * inner + j;
                    d[idx] = (float)(gs[idx] - (Math.Exp(y[idx]) * sum));
                }
            }

            return [gi];
        });
    }

    /// <summary>Softmax (or log-softmax) of each line along the middle axis of [outer, size, inner].</summary>
    internal static void SoftmaxRows(ReadOnlySpan<float> x, Span<float> y, int outer, int size, int inner, bool log)
    {
        if (inner == 1)
        {
            for (var o = 0; o < outer; o++)
            {
                var row = x.Slice(o * size, size);
                var dst = y.Slice(o * size, size);
                var max = TensorPrimitives.Max(row);
                TensorPrimitives.Subtract(row, max, dst);
                double sum = 0;
                for (var k = 0; k < size; k++)
                {
                    sum += Math.Exp(dst[k]);
                }

                if (log)
                {
                    TensorPrimitives.Subtract(dst, (float)Math.Log(sum), dst);
                }
                else
                {
                    for (var k = 0; k < size; k++)
                    {
                        dst[k] = (float)(Math.Exp(dst[k]) / sum);
                    }
                }
            }

            return;
        }

        for (var o = 0; o < outer; o++)
        {
            for (var j = 0; j < inner; j++)
            {
                var max = float.NegativeInfinity;
                for (var k = 0; k < size; k++)
                {
                    max = Math.Max(max, x[((o * size) + k) * inner + j]);
                }

                double sum = 0;
                for (var k = 0; k < size; k++)
                {
                    sum += Math.Exp(x[((o * size) + k) * inner + j] - max);
                }

                var logSum = max + Math.Log(sum);
                for (var k = 0; k < size; k++)
                {
                    var idx = ((o * size) + k) * inner + j;
                    y[idx] = log ? (float)(x[idx] - logSum) : (float)Math.Exp(x[idx] - logSum);
                }
            }
        }
    }

    private static (int Outer, int Size, int Inner) SoftmaxSplit(Tensor input, int dim)
    {
        ArgumentNullException.ThrowIfNull(input);
        var d = ShapeUtil.NormalizeDim(dim, input.Dim);
        return Tensor.Split(input.ShapeRef, d);
    }
}
