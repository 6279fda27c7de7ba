using RobustGate.Engine.Functional;
using RobustGate.Engine.Tensors;

namespace RobustGate.Engine.Nn;

/// <summary>torch.nn.ReLU (never in place: autograd keeps the input).</summary>
public sealed class ReLU : Module
{
    public override Tensor Forward(Tensor input) => F.Relu(input);
}
