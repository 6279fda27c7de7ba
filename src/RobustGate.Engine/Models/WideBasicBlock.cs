using RobustGate.Engine.Functional;
using RobustGate.Engine.Nn;
using RobustGate.Engine.Tensors;

namespace RobustGate.Engine.Models;

/// <summary>
/// RobustBench's (TRADES-derived) WideResNet BasicBlock: pre-activation <c>bn1</c>-relu,
/// <c>conv1</c> (stride), <c>bn2</c>-relu, <c>conv2</c>. When input and output widths differ the
/// shortcut is <c>convShortcut</c> (1x1, stride) applied to the pre-activated input; otherwise
/// the raw input is added.
/// </summary>
public sealed class WideBasicBlock : Module
{
    public WideBasicBlock(int inPlanes, int outPlanes, int stride, Generator generator)
    {
        Bn1 = RegisterModule("bn1", new BatchNorm2d(inPlanes));
        Conv1 = RegisterModule("conv1", new Conv2d(inPlanes, outPlanes, 3, generator, stride, padding: 1, bias: false));
        Bn2 = RegisterModule("bn2", new BatchNorm2d(outPlanes));
        Conv2 = RegisterModule("conv2", new Conv2d(outPlanes, outPlanes, 3, generator, 1, padding: 1, bias: false));
        if (inPlanes != outPlanes)
        {
            ConvShortcut = RegisterModule("convShortcut", new Conv2d(inPlanes, outPlanes, 1, generator, stride, bias: false));
        }
    }

    public BatchNorm2d Bn1 { get; }

    public Conv2d Conv1 { get; }

    public BatchNorm2d Bn2 { get; }

    public Conv2d Conv2 { get; }

    public Conv2d? ConvShortcut { get; }

    public override Tensor Forward(Tensor input)
    {
        var activated = F.Relu(Bn1.Forward(input));
        var output = ConvBatchNorm.Forward(Conv1, Bn2, activated, relu: true);
        output = Conv2.Forward(output);
        return output + (ConvShortcut is null ? input : ConvShortcut.Forward(activated));
    }
}
