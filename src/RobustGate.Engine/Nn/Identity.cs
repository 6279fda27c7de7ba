using RobustGate.Engine.Tensors;

namespace RobustGate.Engine.Nn;

/// <summary>torch.nn.Identity: returns its input.</summary>
public sealed class Identity : Module
{
    public override Tensor Forward(Tensor input) => input;
}
