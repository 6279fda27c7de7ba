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
