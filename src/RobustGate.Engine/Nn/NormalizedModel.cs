using RobustGate.Engine.Tensors;

namespace RobustGate.Engine.Nn;

/// <summary>
/// A network behind its <see cref="Normalize"/> input layer: takes [0,1] pixels. The network is
/// registered without a prefix, so the state dict holds exactly the network's own names
/// (<c>conv1.weight</c>, not <c>network.conv1.weight</c>) and a torchvision export loads as is.
/// </summary>
public sealed class NormalizedModel : Module
{
    public NormalizedModel(Normalize normalize, Module network)
    {
        Normalize = RegisterModule("normalize", normalize);
        Network = RegisterModule(string.Empty, network);
    }

    public Normalize Normalize { get; }

    public Module Network { get; }

    public override Tensor Forward(Tensor input)
    {
        var normalized = Normalize.Forward(input);
        return Intermediate.Release(normalized, input, Network.Forward(normalized));
    }
}
