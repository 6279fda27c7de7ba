using RobustGate.Engine.Nn;
using RobustGate.Engine.Tensors;

namespace RobustGate.Engine.Models;

/// <summary>RobustBench's NetworkBlock: a Sequential named <c>layer</c> of WideResNet blocks.</summary>
public sealed class WideNetworkBlock : Module
{
    public WideNetworkBlock(int count, int inPlanes, int outPlanes, int stride, Generator generator)
    {
        var layer = new Sequential();
        for (var i = 0; i < count; i++)
        {
            layer.Append(new WideBasicBlock(i == 0 ? inPlanes : outPlanes, outPlanes, i == 0 ? stride : 1, generator));
        }

        Layer = RegisterModule("layer", layer);
    }

    public Sequential Layer { get; }

    public override Tensor Forward(Tensor input) => Layer.Forward(input);
}
