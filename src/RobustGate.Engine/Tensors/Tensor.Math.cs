using System.Numerics.Tensors;

namespace RobustGate.Engine.Tensors;

/// <content>Element-wise unary math with autograd (exp, log, sqrt, abs, sign, pow, clamp ...).</content>
public sealed partial class Tensor
{
    public Tensor Exp()
    {
        var r = Unary(TensorPrimitives.Exp);
        return r.Record("exp", [this], (g, _) => [g * r]);
    }

    public Tensor Log()
    {
        var r = Unary(TensorPrimitives.Log);
        return r.Record("log", [this], (g, _) => [g / this]);
    }

    public Tensor Sqrt()
    {
        var r = Unary(TensorPrimitives.Sqrt);
        return r.Record("sqrt", [this], (g, _) => [g / (r * 2f)]);
    }

    public Tensor Abs()
    {
        var r = Unary(TensorPrimitives.Abs);
        return r.Record("abs", [this], (g, _) => [g * Sign()]);
    }

    /// <summary>-1, 0 or 1; NaN gives 0 (see Kernels.SignOperator: an attack step through a NaN gradient leaves the pixel alone). Zero gradient.</summary>
    public Tensor Sign()
    {
        var r = Uninitialized(shape);
        ParallelElementwise.Unary(ReadOnlySpan, r.Span, default(Kernels.SignOperator));
        return r.Record("sign", [this], (g, _) => [ZerosLike(this)]);
    }

    public Tensor Square()
    {
        var r = Uninitialized(shape);
        TensorPrimitives.Multiply(Span, Span, r.Span);
        return r.Record("square", [this], (g, _) => [g * this * 2f]);
    }

    public Tensor Reciprocal()
    {
        var r = Uninitialized(shape);
        TensorPrimitives.Divide(1f, Span, r.Span);
        return r.Record("reciprocal", [this], (g, _) => [-(g * r * r)]);
    }

    /// <summary>Element-wise power with a scalar exponent.</summary>
    public Tensor Pow(float exponent)
    {
        var r = Uninitialized(shape);
        TensorPrimitives.Pow(Span, exponent, r.Span);
        return r.Record("pow", [this], (g, _) =>
        {
            if (exponent == 0f)
            {
                return [ZerosLike(this)];
            }

            var p = Uninitialized(shape);
            TensorPrimitives.Pow(Span, exponent - 1f, p.Span);
            TensorPrimitives.Multiply(p.Span, exponent, p.Span);
            var result = g * p;
            p.Dispose();
            return [result];
        });
    }

    public Tensor Sigmoid()
    {
        var r = Unary(TensorPrimitives.Sigmoid);
        return r.Record("sigmoid", [this], (g, _) =>
        {
            var d = Uninitialized(shape);
            ParallelElementwise.Binary(g.ReadOnlySpan, r.ReadOnlySpan, d.Span, default(Kernels.SigmoidBackwardOperator));
            return [d];
        });
    }

    public Tensor Tanh()
    {
        var r = Unary(TensorPrimitives.Tanh);
        return r.Record("tanh", [this], (g, _) =>
        {
            var d = Uninitialized(shape);
            ParallelElementwise.Binary(g.ReadOnlySpan, r.ReadOnlySpan, d.Span, default(Kernels.TanhBackwardOperator));
            return [d];
        });
    }

    /// <summary>
    /// Clamps to [min, max] (either bound may be null). The gradient passes where the input lies
    /// inside the closed interval, as in PyTorch.
    /// </summary>
    public Tensor Clamp(float? min = null, float? max = null)
    {
        var lo = min ?? float.NegativeInfinity;
        var hi = max ?? float.PositiveInfinity;
        var r = Uninitialized(shape);
        ParallelElementwise.Unary(ReadOnlySpan, r.Span, new Kernels.ClampOperator(lo, hi));
        return r.Record("clamp", [this], (g, _) =>
        {
            var gi = Uninitialized(shape);
            ParallelElementwise.Binary(g.ReadOnlySpan, ReadOnlySpan, gi.Span, new Kernels.ClampBackwardOperator(lo, hi));
            return [gi];
        });
    }

    /// <summary>
    /// Clamps between tensor bounds (broadcast against this tensor; either may be null). As in
    /// PyTorch, the gradient passes to the input where min &lt;= x &lt;= max, and to a bound where it
    /// was the value chosen.
    /// </summary>
    public Tensor Clamp(Tensor? min, Tensor? max)
    {
        var outShape = shape;
        if (min is not null)
        {
            outShape = ShapeUtil.BroadcastShapes(outShape, min.shape);
        }

        if (max is not null)
        {
            outShape = ShapeUtil.BroadcastShapes(outShape, max.shape);
        }

        Tensor x, lo, hi;
        using (new Autograd.NoGrad())
        {
            x = BroadcastTo(outShape);
            lo = min is null ? Full(float.NegativeInfinity, outShape) : min.BroadcastTo(outShape);
            hi = max is null ? Full(float.PositiveInfinity, outShape) : max.BroadcastTo(outShape);
        }

        var result = Uninitialized(outShape);
        var xs = x.ReadOnlySpan;
        var ls = lo.ReadOnlySpan;
        var hs = hi.ReadOnlySpan;
        var d = result.Span;

        // 0: input chosen, 1: lower bound, 2: upper bound (the upper bound wins when min > max, as in PyTorch).
        var choice = new byte[d.Length];
        for (var i = 0; i < d.Length; i++)
        {
            var v = xs[i];
            if (v > hs[i] || hs[i] < ls[i])
            {
                d[i] = hs[i];
                choice[i] = 2;
            }
            else if (v < ls[i])
            {
                d[i] = ls[i];
                choice[i] = 1;
            }
            else
            {
                d[i] = v;
            }
        }

        x.Dispose();
        lo.Dispose();
        hi.Dispose();
        Tensor[] inputs = [this, .. min is null ? Array.Empty<Tensor>() : [min], .. max is null ? Array.Empty<Tensor>() : [max]];
        var selfShape = shape;
        return result.Record("clamp_tensor", inputs, (g, need) =>
        {
            var grads = new Tensor?[inputs.Length];
            var gs = g.ReadOnlySpan;
            for (var which = 0; which < 3; which++)
            {
                var slot = which == 0 ? 0 : which == 1 ? (min is null ? -1 : 1) : (max is null ? -1 : inputs.Length - 1);
                if (slot < 0 || !need[slot])
                {
                    continue;
                }

                var part = Uninitialized(outShape);
                var ps = part.Span;
                for (var i = 0; i < ps.Length; i++)
                {
                    ps[i] = choice[i] == which ? gs[i] : 0f;
                }

                grads[slot] = SumTo(part, inputs[slot].shape);
            }

            return grads;
        });
    }

    /// <summary>log(sum(exp(x))) along a dim, computed stably; its gradient is the softmax.</summary>
    public Tensor LogSumExp(int dim, bool keepDim = false)
    {
        var d = ShapeUtil.NormalizeDim(dim, shape.Length);
        var (outer, size, inner) = Split(shape, d);
        var kept = (int[])shape.Clone();
        kept[d] = 1;
        var result = Uninitialized(kept);
        var x = Span;
        var r = result.Span;
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
                    sum += Math.Exp(x[((o * size) + k) * inner + j] - (double)max);
                }

                r[(o * inner) + j] = float.IsNegativeInfinity(max) ? max : (float)(max + Math.Log(sum));
            }
        }

        var inShape = shape;
        result.Record("logsumexp", [this], (g, _) =>
        {
            // d/dx = exp(x - lse) * g, broadcast along the dim.
            var gi = Uninitialized(inShape);
            var xs = Span;
            var rs = result.Span;
            var gs = g.Span;
            var o2 = gi.Span;
            for (var o = 0; o < outer; o++)
            {
                for (var k = 0; k < size; k++)
                {
                    for (var j = 0; j < inner; j++)
                    {
                        var at = ((o * size) + k) * inner + j;
                        o2[at] = (float)(gs[(o * inner) + j] * Math.Exp(xs[at] - (double)rs[(o * inner) + j]));
                    }
                }
            }

            return [gi];
        });
        return keepDim ? result : result.Squeeze(d);
    }

    /// <summary>Variance along dims (unbiased by default, as torch.var).</summary>
    public Tensor Var(int[] dims, bool unbiased = true, bool keepDim = false)
    {
        var nd = NormalizeDims(dims);
        var count = nd.Aggregate(1, (acc, dd) => acc * shape[dd]);
        var centered = this - Mean(nd, keepDim: true);
        var sumSq = centered.Square().Sum(nd, keepDim);
        return sumSq / Math.Max(1, unbiased ? count - 1 : count);
    }

    /// <summary>Standard deviation along dims (unbiased by default, as torch.std).</summary>
    public Tensor Std(int[] dims, bool unbiased = true, bool keepDim = false) => Var(dims, unbiased, keepDim).Sqrt();

    private Tensor Unary(TensorPrimitivesUnary op)
    {
        var r = Uninitialized(shape);
        op(Span, r.Span);
        return r;
    }

    private delegate void TensorPrimitivesUnary(ReadOnlySpan<float> x, Span<float> destination);
}
