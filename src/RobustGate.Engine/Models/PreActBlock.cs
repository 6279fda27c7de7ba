using RobustGate.Engine.Functional;
using RobustGate.Engine.Nn;
using RobustGate.Engine.Tensors;

namespace RobustGate.Engine.Models;

/// <summary>
/// RobustBench's PreActBlock: <c>bn1</c>-relu, then <c>conv1</c> (stride), <c>bn2</c>-relu,
/// <c>conv2</c>, plus the identity or <c>shortcut.0</c> (1x1 conv on the pre-activated input).
/// </summary>
public sealed class PreActBlock : Module
{
    public PreActBlock(int inPlanes, int planes, int stride, Generator generator)
    {
        Bn1 = RegisterModule("bn1", new BatchNorm2d(inPlanes));
        Conv1 = RegisterModule("conv1", new Conv2d(inPlanes, planes, 3, generator, stride, padding: 1, bias: false));
        Bn2 = RegisterModule("bn2", new BatchNorm2d(planes));
        Conv2 = RegisterModule("conv2", new Conv2d(planes, planes, 3, generator, 1, padding: 1, bias: false));
        if (stride != 1 || inPlanes != planes)
        {
            Shortcut = RegisterModule("shortcut", new Sequential(new Conv2d(inPlanes, planes, 1, generator, stride, bias: false)));
        }
    }

    public BatchNorm2d Bn1 { get; }

    public Conv2d Conv1 { get; }

    public BatchNorm2d Bn2 { get; }

    public Conv2d Conv2 { get; }

    public Sequential? Shortcut { get; }

    public override Tensor Forward(Tensor input)
    {
        var activated = F.Relu(Bn1.Forward(input));
        var shortcut = Shortcut is null ? input : Shortcut.Forward(activated);
        var output = Conv2.Forward(ConvBatchNorm.Forward(Conv1, Bn2, activated, relu: true));
        return output + shortcut;
    }
}
