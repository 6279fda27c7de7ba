using RobustGate.Engine.Functional;
using RobustGate.Engine.Nn;
using RobustGate.Engine.Tensors;

namespace RobustGate.Engine.Models;

/// <summary>
/// torchvision's ResNet Bottleneck (expansion 4, "ResNet v1.5": the stride sits on the 3x3
/// conv): conv1x1-bn-relu, conv3x3(stride)-bn-relu, conv1x1-bn, plus identity or
/// <c>downsample</c>, then relu. The inner width is <c>planes * widthPerGroup / 64</c>
/// (128 for wide_resnet50_2).
/// </summary>
public sealed class Bottleneck : Module
{
    public const int Expansion = 4;

    public Bottleneck(int inplanes, int planes, int stride, Generator generator, int widthPerGroup = 64)
    {
        var width = planes * widthPerGroup / 64;
        Conv1 = RegisterModule("conv1", new Conv2d(inplanes, width, 1, generator, bias: false));
        Bn1 = RegisterModule("bn1", new BatchNorm2d(width));
        Conv2 = RegisterModule("conv2", new Conv2d(width, width, 3, generator, stride, padding: 1, bias: false));
        Bn2 = RegisterModule("bn2", new BatchNorm2d(width));
        Conv3 = RegisterModule("conv3", new Conv2d(width, planes * Expansion, 1, generator, bias: false));
        Bn3 = RegisterModule("bn3", new BatchNorm2d(planes * Expansion));
        if (stride != 1 || inplanes != planes * Expansion)
        {
            Downsample = RegisterModule("downsample", ResNet.Downsample(inplanes, planes * Expansion, stride, generator));
        }
    }

    public Conv2d Conv1 { get; }

    public BatchNorm2d Bn1 { get; }

    public Conv2d Conv2 { get; }

    public BatchNorm2d Bn2 { get; }

    public Conv2d Conv3 { get; }

    public BatchNorm2d Bn3 { get; }

    public Sequential? Downsample { get; }

    public override Tensor Forward(Tensor input)
    {
        var output = ConvBatchNorm.Forward(Conv1, Bn1, input, relu: true);
        output = Intermediate.Release(output, input, ConvBatchNorm.Forward(Conv2, Bn2, output, relu: true));
        output = Intermediate.Release(output, input, ConvBatchNorm.Forward(Conv3, Bn3, output, relu: false));
        var identity = Downsample is null ? input : ConvBatchNorm.ForwardSequence(Downsample, input);
        return Intermediate.ResidualRelu(output, identity, input);
    }
}
