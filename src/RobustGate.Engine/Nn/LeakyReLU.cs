using RobustGate.Engine.Functional;
using RobustGate.Engine.Tensors;

namespace RobustGate.Engine.Nn;

/// <summary>torch.nn.LeakyReLU: x for x &gt;= 0, slope * x below.</summary>
public sealed class LeakyReLU : Module
{
    public LeakyReLU(float negativeSlope = 0.01f) => NegativeSlope = negativeSlope;

    public float NegativeSlope { get; }

    public override Tensor Forward(Tensor input) => F.LeakyRelu(input, NegativeSlope);
}
