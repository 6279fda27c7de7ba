using RobustGate.Engine.Functional;
using RobustGate.Engine.Nn;
using RobustGate.Engine.Tensors;

namespace RobustGate.Engine.Models;

/// <summary>
/// torchvision's ResNet BasicBlock (expansion 1): conv3x3-bn-relu-conv3x3-bn, plus the
/// identity or the <c>downsample</c> (1x1 conv + bn) branch, then relu. Child names
/// <c>conv1 bn1 conv2 bn2 downsample</c> as in torchvision.
/// </summary>
public sealed class BasicBlock : Module
{
    public const int Expansion = 1;

    public BasicBlock(int inplanes, int planes, int stride, Generator generator)
    {
        Conv1 = RegisterModule("conv1", new Conv2d(inplanes, planes, 3, generator, stride, padding: 1, bias: false));
        Bn1 = RegisterModule("bn1", new BatchNorm2d(planes));
        Conv2 = RegisterModule("conv2", new Conv2d(planes, planes, 3, generator, 1, padding: 1, bias: false));
        Bn2 = RegisterModule("bn2", new BatchNorm2d(planes));
        if (stride != 1 || inplanes != planes * Expansion)
        {
            Downsample = RegisterModule("downsample", ResNet.Downsample(inplanes, planes * Expansion, stride, generator));
        }
    }

    public Conv2d Conv1 { get; }

    public BatchNorm2d Bn1 { get; }

    public Conv2d Conv2 { get; }

    public BatchNorm2d Bn2 { get; }

    public Sequential? Downsample { get; }

    public override Tensor Forward(Tensor input)
    {
        var output = ConvBatchNorm.Forward(Conv1, Bn1, input, relu: true);
        output = Intermediate.Release(output, input, ConvBatchNorm.Forward(Conv2, Bn2, output, relu: false));
        var identity = Downsample is null ? input : ConvBatchNorm.ForwardSequence(Downsample, input);
        return Intermediate.ResidualRelu(output, identity, input);
    }
}
