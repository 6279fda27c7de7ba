namespace RobustGate.Engine.Tensors;

/// <content>Broadcasting element-wise arithmetic with autograd, and the C# operators.</content>
public sealed partial class Tensor
{
    public static Tensor operator +(Tensor a, Tensor b) => Binary(BinaryOp.Add, a, b);

    public static Tensor operator -(Tensor a, Tensor b) => Binary(BinaryOp.Subtract, a, b);

    public static Tensor operator *(Tensor a, Tensor b) => Binary(BinaryOp.Multiply, a, b);

    public static Tensor operator /(Tensor a, Tensor b) => Binary(BinaryOp.Divide, a, b);

    public static Tensor operator +(Tensor a, float b) => a.AddScalar(b);

    public static Tensor operator +(float a, Tensor b) => b.AddScalar(a);

    public static Tensor operator -(Tensor a, float b) => a.AddScalar(-b);

    public static Tensor operator -(float a, Tensor b) => b.MulScalar(-1f).AddScalarInPlaceFresh(a);

    public static Tensor operator *(Tensor a, float b) => a.MulScalar(b);

    public static Tensor operator *(float a, Tensor b) => b.MulScalar(a);

    public static Tensor operator /(Tensor a, float b) => a.MulScalar(1f / b);

    public static Tensor operator /(float a, Tensor b) => a * b.Reciprocal();

    public static Tensor operator -(Tensor a) => a.MulScalar(-1f);

    public Tensor Add(Tensor other) => this + other;

    public Tensor Sub(Tensor other) => this - other;

    public Tensor Mul(Tensor other) => this * other;

    public Tensor Div(Tensor other) => this / other;

    public Tensor Neg() => -this;

    /// <summary>Element-wise maximum with broadcasting (ties split the gradient equally, as PyTorch).</summary>
    public static Tensor Maximum(Tensor a, Tensor b) => Binary(BinaryOp.Maximum, a, b);

    /// <summary>Element-wise minimum with broadcasting (ties split the gradient equally, as PyTorch).</summary>
    public static Tensor Minimum(Tensor a, Tensor b) => Binary(BinaryOp.Minimum, a, b);

    /// <summary>A differentiable copy.</summary>
    public Tensor CloneWithGrad() => Clone().Record("clone", [this], static (g, _) => [g]);

    /// <summary>Sums a broadcast gradient back to <paramref name="target"/>'s shape.</summary>
    internal static Tensor SumTo(Tensor g, int[] target)
    {
        if (ShapeUtil.SameShape(g.shape, target))
        {
            return g;
        }

        var lead = g.shape.Length - target.Length;
        var dims = new List<int>();
        for (var i = 0; i < g.shape.Length; i++)
        {
            if (i < lead || (target[i - lead] == 1 && g.shape[i] != 1))
            {
                dims.Add(i);
            }
        }

        var summed = dims.Count == 0 ? g : g.Sum([.. dims], keepDim: true);
        return summed.Reshape(target);
    }

    /// <summary>Broadcasts this tensor to <paramref name="target"/> (a copy; differentiable).</summary>
    public Tensor BroadcastTo(params int[] target)
    {
        var outShape = ShapeUtil.BroadcastShapes(shape, target);
        if (!ShapeUtil.SameShape(outShape, target))
        {
            throw new ArgumentException($"Cannot broadcast {ShapeUtil.Format(shape)} to {ShapeUtil.Format(target)}.");
        }

        var result = Uninitialized(outShape);
        BroadcastKernel.Apply(BinaryOp.Right, result.Span, outShape, Span, shape, outShape, result.Span);
        var inShape = shape;
        return result.Record("expand", [this], (g, _) => [SumTo(g, inShape)]);
    }

    private static Tensor Binary(BinaryOp op, Tensor a, Tensor b)
    {
        var outShape = ShapeUtil.SameShape(a.shape, b.shape) ? a.shape : ShapeUtil.BroadcastShapes(a.shape, b.shape);
        var result = Uninitialized(outShape);
        BroadcastKernel.Apply(op, a.Span, a.shape, b.Span, b.shape, outShape, result.Span);
        if (!Autograd.GradMode.ShouldRecord(a, b))
        {
            return result;
        }

        return op switch
        {
            BinaryOp.Add => result.Record("add", [a, b], (g, need) => [need[0] ? SumTo(g, a.shape) : null, need[1] ? SumTo(g, b.shape) : null]),
            BinaryOp.Subtract => result.Record("sub", [a, b], (g, need) => [need[0] ? SumTo(g, a.shape) : null, need[1] ? SumTo(-g, b.shape) : null]),
            BinaryOp.Multiply => result.Record("mul", [a, b], (g, need) => [need[0] ? SumTo(g * b, a.shape) : null, need[1] ? SumTo(g * a, b.shape) : null]),
            BinaryOp.Divide => result.Record("div", [a, b], (g, need) =>
                [need[0] ? SumTo(g / b, a.shape) : null, need[1] ? SumTo(-(g * a) / (b * b), b.shape) : null]),
            BinaryOp.Maximum or BinaryOp.Minimum => result.Record(op == BinaryOp.Maximum ? "maximum" : "minimum", [a, b], (g, need) =>
            {
                // Weight 1 where this operand was chosen strictly, 0.5 on ties.
                var wa = SelectionWeight(a, b, op == BinaryOp.Maximum);
                var ga = need[0] ? SumTo(g * wa, a.shape) : null;
                var gb = need[1] ? SumTo(g * (1f - wa), b.shape) : null;
                return [ga, gb];
            }),
            _ => throw new ArgumentOutOfRangeException(nameof(op)),
        };
    }

    private static Tensor SelectionWeight(Tensor a, Tensor b, bool max)
    {
        var outShape = ShapeUtil.BroadcastShapes(a.shape, b.shape);
        var ea = a.BroadcastTo(outShape);
        var eb = b.BroadcastTo(outShape);
        var w = Uninitialized(outShape);
        var sa = ea.Span;
        var sb = eb.Span;
        var sw = w.Span;
        for (var i = 0; i < sw.Length; i++)
        {
            sw[i] = sa[i] == sb[i] ? 0.5f : (max ? sa[i] > sb[i] : sa[i] < sb[i]) ? 1f : 0f;
        }

        ea.Dispose();
        eb.Dispose();
        return w;
    }

    private Tensor AddScalar(float value)
    {
        var result = Uninitialized(shape);
        System.Numerics.Tensors.TensorPrimitives.Add(Span, value, result.Span);
        return result.Record("add_scalar", [this], static (g, _) => [g]);
    }

    private Tensor MulScalar(float value)
    {
        var result = Uninitialized(shape);
        System.Numerics.Tensors.TensorPrimitives.Multiply(Span, value, result.Span);
        return result.Record("mul_scalar", [this], (g, _) => [g * value]);
    }

    /// <summary>Adds a scalar into a tensor this class just created (its node's gradient is unchanged by the shift).</summary>
    private Tensor AddScalarInPlaceFresh(float value)
    {
        System.Numerics.Tensors.TensorPrimitives.Add(Span, value, Span);
        return this;
    }
}
