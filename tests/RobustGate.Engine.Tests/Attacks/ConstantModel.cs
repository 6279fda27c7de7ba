using RobustGate.Engine.Nn;
using RobustGate.Engine.Tensors;

namespace RobustGate.Engine.Tests.Attacks;

/// <summary>A classifier that ignores its input: every image gets the same logits (class 2 wins).</summary>
internal sealed class ConstantModel : Module
{
    private static readonly float[] Row = [0.1f, 0.5f, 2f, -1f, 0f, 0.3f, 0.2f, 1f, -0.5f, 0.4f];

    public override Tensor Forward(Tensor input)
    {
        var n = input.Size(0);
        var values = new float[n * Row.Length];
        for (var i = 0; i < n; i++)
        {
            Row.CopyTo(values, i * Row.Length);
        }

        return Tensor.FromArray(values, n, Row.Length);
    }
}
