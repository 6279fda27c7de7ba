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

    /// <summary>-1, 0 or 1 (NaN stays NaN); zero gradient.</summary>
    public Tensor Sign()
    {
        var r = Uninitialized(shape);
        var s = Span;
        var d = r.Span;
        for (var i = 0; i < d.Length; i++)
        {
            var v = s[i];
            d[i] = v > 0 ? 1f : v < 0 ? -1f : v;
        }

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
            // d sigmoid = s * (1 - s)
            var d = Uninitialized(shape);
            var rs = r.Span;
            var ds = d.Span;
            var gs = g.Span;
            for (var i = 0; i < ds.Length; i++)
            {
                ds[i] = gs[i] * rs[i] * (1f - rs[i]);
            }

            return [d];
        });
    }

    public Tensor Tanh()
    {
        var r = Unary(TensorPrimitives.Tanh);
        return r.Record("tanh", [this], (g, _) =>
        {
            var d = Uninitialized(shape);
            var rs = r.Span;
            var ds = d.Span;
            var gs = g.Span;
            for (var i = 0; i < ds.Length; i++)
            {
                ds[i] = gs[i] * (1f - (rs[i] * rs[i]));
            }

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
        var s = Span;
        var d = r.Span;
        for (var i = 0; i < d.Length; i++)
        {
            var v = s[i];
            d[i] = v < lo ? lo : v > hi ? hi : v;
        }

        return r.Record("clamp", [this], (g, _) =>
        {
            var gi = Uninitialized(shape);
            var xs = Span;
            var gs = g.Span;
            var o = gi.Span;
            for (var i = 0; i < o.Length; i++)
            {
                o[i] = xs[i] >= lo && xs[i] <= hi ? gs[i] : 0f;
            }

            return [gi];
        });
    }

    /// <summary>Clamps between tensor bounds (broadcast); either may be null.</summary>
    public Tensor Clamp(Tensor? min, Tensor? max)
    {
        var r = this;
        if (min is not null)
        {
            r = Maximum(r, min);
        }

        if (max is not null)
        {
            r = Minimum(r, max);
        }

        return ReferenceEquals(r, this) ? CloneWithGrad() : r;
    }

    private Tensor Unary(TensorPrimitivesUnary op)
    {
        var r = Uninitialized(shape);
        op(Span, r.Span);
        return r;
    }

    private delegate void TensorPrimitivesUnary(ReadOnlySpan<float> x, Span<float> destination);
}
