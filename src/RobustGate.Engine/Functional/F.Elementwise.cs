using RobustGate.Engine.Tensors;

namespace RobustGate.Engine.Functional;

/// <content>Element-wise functions under their torch names, and where/masking.</content>
public static partial class F
{
    public static Tensor Clamp(Tensor input, float? min = null, float? max = null) => Arg(input).Clamp(min, max);

    public static Tensor Clamp(Tensor input, Tensor? min, Tensor? max) => Arg(input).Clamp(min, max);

    public static Tensor Abs(Tensor input) => Arg(input).Abs();

    public static Tensor Sign(Tensor input) => Arg(input).Sign();

    public static Tensor Sqrt(Tensor input) => Arg(input).Sqrt();

    public static Tensor Exp(Tensor input) => Arg(input).Exp();

    public static Tensor Log(Tensor input) => Arg(input).Log();

    public static Tensor Pow(Tensor input, float exponent) => Arg(input).Pow(exponent);

    public static Tensor Minimum(Tensor a, Tensor b) => Tensor.Minimum(a, b);

    public static Tensor Maximum(Tensor a, Tensor b) => Tensor.Maximum(a, b);

    /// <summary>
    /// where(condition, a, b): a where condition is non-zero, else b; all three broadcast together.
    /// Gradients flow to the chosen operand only.
    /// </summary>
    public static Tensor Where(Tensor condition, Tensor a, Tensor b)
    {
        ArgumentNullException.ThrowIfNull(condition);
        ArgumentNullException.ThrowIfNull(a);
        ArgumentNullException.ThrowIfNull(b);
        var shape = ShapeUtil.BroadcastShapes(ShapeUtil.BroadcastShapes(condition.ShapeRef, a.ShapeRef), b.ShapeRef);
        var mask = NonZeroMask(condition, shape);
        var ea = a.BroadcastTo(shape);
        var eb = b.BroadcastTo(shape);
        var notMask = 1f - mask;
        var result = (ea * mask) + (eb * notMask);

        // a * 1 + b * 0 is exact except where the discarded operand is inf or NaN: select directly.
        using (new Autograd.NoGrad())
        {
            var m = mask.ReadOnlySpan;
            var va = ea.ReadOnlySpan;
            var vb = eb.ReadOnlySpan;
            var r = result.Span;
            for (var i = 0; i < r.Length; i++)
            {
                r[i] = m[i] != 0 ? va[i] : vb[i];
            }
        }

        return result;
    }

    /// <summary>input where mask is zero, value where it is non-zero (masked_fill).</summary>
    public static Tensor MaskedFill(Tensor input, Tensor mask, float value)
    {
        ArgumentNullException.ThrowIfNull(input);
        using var v = Tensor.Full(value, input.ShapeRef);
        return Where(mask, v, input);
    }

    private static Tensor NonZeroMask(Tensor condition, int[] shape)
    {
        using var noGrad = new Autograd.NoGrad();
        using var expanded = condition.BroadcastTo(shape);
        var mask = Tensor.Uninitialized(shape);
        var c = expanded.ReadOnlySpan;
        var m = mask.Span;
        for (var i = 0; i < m.Length; i++)
        {
            m[i] = c[i] != 0 ? 1f : 0f;
        }

        return mask;
    }

    private static Tensor Arg(Tensor input)
    {
        ArgumentNullException.ThrowIfNull(input);
        return input;
    }
}
