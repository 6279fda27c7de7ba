using System.Numerics.Tensors;

namespace RobustGate.Engine.Tensors;

/// <content>
/// In-place updates for optimizers, attacks and buffers. They are never recorded by autograd and
/// are refused on a tensor that requires grad while grad mode is on (wrap them in NoGrad), because
/// they would silently invalidate values saved for backward.
/// </content>
public sealed partial class Tensor
{
    /// <summary>this += alpha * other (other broadcast to this shape).</summary>
    public Tensor AddInPlace(Tensor other, float alpha = 1f)
    {
        CheckInPlace();
        if (other.Numel == Numel)
        {
            if (alpha == 1f)
            {
                TensorPrimitives.Add(Span, other.ReadOnlySpan, Span);
            }
            else
            {
                TensorPrimitives.MultiplyAdd(other.ReadOnlySpan, alpha, Span, Span);
            }

            return this;
        }

        var expanded = other.BroadcastTo(shape);
        TensorPrimitives.MultiplyAdd(expanded.ReadOnlySpan, alpha, Span, Span);
        expanded.Dispose();
        return this;
    }

    public Tensor AddInPlace(float value)
    {
        CheckInPlace();
        TensorPrimitives.Add(Span, value, Span);
        return this;
    }

    public Tensor SubInPlace(Tensor other) => AddInPlace(other, -1f);

    public Tensor MulInPlace(float value)
    {
        CheckInPlace();
        TensorPrimitives.Multiply(Span, value, Span);
        return this;
    }

    /// <summary>this *= other (broadcast).</summary>
    public Tensor MulInPlace(Tensor other)
    {
        CheckInPlace();
        BroadcastKernel.Apply(BinaryOp.Multiply, Span, shape, other.Span, other.shape, shape, Span);
        return this;
    }

    /// <summary>this /= other (broadcast).</summary>
    public Tensor DivInPlace(Tensor other)
    {
        CheckInPlace();
        BroadcastKernel.Apply(BinaryOp.Divide, Span, shape, other.Span, other.shape, shape, Span);
        return this;
    }

    /// <summary>this = this * beta + other * alpha (momentum buffers, running averages).</summary>
    public Tensor LerpInPlace(Tensor other, float beta, float alpha)
    {
        CheckInPlace();
        CheckSameNumel(other);
        TensorPrimitives.Multiply(Span, beta, Span);
        TensorPrimitives.MultiplyAdd(other.ReadOnlySpan, alpha, Span, Span);
        return this;
    }

    /// <summary>this += value * a * b (Adam's second moment, weight decay forms).</summary>
    public Tensor AddCMulInPlace(Tensor a, Tensor b, float value = 1f)
    {
        CheckInPlace();
        CheckSameNumel(a);
        CheckSameNumel(b);
        var tmp = Uninitialized(shape);
        TensorPrimitives.Multiply(a.ReadOnlySpan, b.ReadOnlySpan, tmp.Span);
        TensorPrimitives.MultiplyAdd(tmp.ReadOnlySpan, value, Span, Span);
        tmp.Dispose();
        return this;
    }

    /// <summary>this += value * a / b.</summary>
    public Tensor AddCDivInPlace(Tensor a, Tensor b, float value = 1f)
    {
        CheckInPlace();
        CheckSameNumel(a);
        CheckSameNumel(b);
        var tmp = Uninitialized(shape);
        TensorPrimitives.Divide(a.ReadOnlySpan, b.ReadOnlySpan, tmp.Span);
        TensorPrimitives.MultiplyAdd(tmp.ReadOnlySpan, value, Span, Span);
        tmp.Dispose();
        return this;
    }

    public Tensor ClampInPlace(float min, float max)
    {
        CheckInPlace();
        TensorPrimitives.Max(Span, min, Span);
        TensorPrimitives.Min(Span, max, Span);
        return this;
    }

    /// <summary>Copies the values of <paramref name="source"/> (same element count).</summary>
    public Tensor CopyFrom(Tensor source)
    {
        CheckInPlace();
        CheckSameNumel(source);
        source.ReadOnlySpan.CopyTo(Span);
        return this;
    }

    public Tensor CopyFrom(ReadOnlySpan<float> source)
    {
        CheckInPlace();
        if (source.Length != Numel)
        {
            throw new ArgumentException($"CopyFrom: {source.Length} values for a tensor of {Numel}.");
        }

        source.CopyTo(Span);
        return this;
    }

    public Tensor FillInPlace(float value)
    {
        CheckInPlace();
        Span.Fill(value);
        return this;
    }

    public Tensor ZeroInPlace() => FillInPlace(0f);

    private void CheckInPlace()
    {
        if (Autograd.GradMode.IsEnabled && RequiresGrad)
        {
            throw new InvalidOperationException("In-place update of a tensor that requires grad; use a NoGrad scope.");
        }
    }

    private void CheckSameNumel(Tensor other)
    {
        if (other.Numel != Numel)
        {
            throw new ArgumentException($"Shapes {ShapeUtil.Format(shape)} and {ShapeUtil.Format(other.shape)} have different element counts.");
        }
    }
}
