using RobustGate.Engine.Tensors;

namespace RobustGate.Engine.Functional;

/// <content>Dropout with an explicit seeded generator.</content>
public static partial class F
{
    /// <summary>
    /// dropout: in training, zeroes each element with probability p (one uniform draw per element,
    /// in element order) and scales the rest by 1 / (1 - p). Outside training it returns the input.
    /// </summary>
    public static Tensor Dropout(Tensor input, float p, bool training, Generator generator)
    {
        ArgumentNullException.ThrowIfNull(input);
        ArgumentNullException.ThrowIfNull(generator);
        if (p is < 0f or > 1f || float.IsNaN(p))
        {
            throw new ArgumentOutOfRangeException(nameof(p), $"dropout probability {p} is not in [0, 1].");
        }

        if (!training || p == 0f)
        {
            return input;
        }

        var mask = Tensor.Uninitialized(input.ShapeRef);
        var m = mask.Span;
        var keep = p == 1f ? 0f : 1f / (1f - p);
        for (var i = 0; i < m.Length; i++)
        {
            m[i] = generator.NextSingle() < p ? 0f : keep;
        }

        var output = Tensor.Uninitialized(input.ShapeRef);
        System.Numerics.Tensors.TensorPrimitives.Multiply(input.ReadOnlySpan, mask.ReadOnlySpan, output.Span);
        if (!Autograd.GradMode.ShouldRecord(input))
        {
            mask.Dispose();
            return output;
        }

        return output.Record(
            "dropout",
            [input],
            (g, _) =>
            {
                var gi = Tensor.Uninitialized(input.ShapeRef);
                System.Numerics.Tensors.TensorPrimitives.Multiply(g.ReadOnlySpan, mask.ReadOnlySpan, gi.Span);
                return [gi];
            },
            mask.Dispose);
    }
}
