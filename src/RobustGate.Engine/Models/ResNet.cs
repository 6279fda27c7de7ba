using RobustGate.Engine.Functional;
using RobustGate.Engine.Nn;
using RobustGate.Engine.Tensors;

namespace RobustGate.Engine.Models;

/// <summary>
/// torchvision's ResNet with its exact module names (<c>conv1 bn1 layer1..layer4 fc</c>,
/// blocks <c>layerN.i</c>). The ImageNet stem is a 7x7/2 conv and a 3x3/2 max-pool; the CIFAR
/// stem (<paramref name="cifarStem"/>) is a 3x3/1 conv with padding 1 and no max-pool, the
/// usual ResNet-18 for 32x32 images. Initialisation as torchvision: convs kaiming_normal
/// (fan_out, relu), BN weight 1 / bias 0, fc PyTorch's default; zero_init_residual off.
/// </summary>
public sealed class ResNet : Module
{
    private readonly bool _cifarStem;

    public ResNet(ResNetBlockKind block, IReadOnlyList<int> layers, int numClasses, Generator generator, int inChannels = 3, int widthPerGroup = 64, bool cifarStem = false)
    {
        ArgumentNullException.ThrowIfNull(layers);
        ArgumentNullException.ThrowIfNull(generator);
        if (layers.Count != 4)
        {
            throw new ArgumentException("A ResNet has four stages.", nameof(layers));
        }

        _cifarStem = cifarStem;
        Block = block;
        Conv1 = RegisterModule("conv1", cifarStem
            ? new Conv2d(inChannels, 64, 3, generator, 1, padding: 1, bias: false)
            : new Conv2d(inChannels, 64, 7, generator, 2, padding: 3, bias: false));
        Bn1 = RegisterModule("bn1", new BatchNorm2d(64));
        MaxPool = new MaxPool2d(3, 2, 1);
        var inplanes = 64;
        int[] planes = [64, 128, 256, 512];
        var stages = new Sequential[4];
        for (var s = 0; s < 4; s++)
        {
            var stage = new Sequential();
            for (var i = 0; i < layers[s]; i++)
            {
                var stride = i == 0 && s > 0 ? 2 : 1;
                stage.Append(block == ResNetBlockKind.Basic
                    ? new BasicBlock(inplanes, planes[s], stride, generator)
                    : new Bottleneck(inplanes, planes[s], stride, generator, widthPerGroup));
                inplanes = planes[s] * (block == ResNetBlockKind.Basic ? BasicBlock.Expansion : Bottleneck.Expansion);
            }

            stages[s] = RegisterModule("layer" + (s + 1).ToString(System.Globalization.CultureInfo.InvariantCulture), stage);
        }

        Stages = stages;
        Fc = RegisterModule("fc", new Linear(inplanes, numClasses, generator));

        foreach (var (_, module) in NamedModules())
        {
            switch (module)
            {
                case Conv2d conv:
                    Init.KaimingNormalFanOut(conv.Weight, generator);
                    break;
                case BatchNorm2d bn:
                    Init.Constant(bn.Weight, 1);
                    Init.Constant(bn.Bias, 0);
                    break;
            }
        }
    }

    public ResNetBlockKind Block { get; }

    public Conv2d Conv1 { get; }

    public BatchNorm2d Bn1 { get; }

    public MaxPool2d MaxPool { get; }

    public IReadOnlyList<Sequential> Stages { get; }

    public Linear Fc { get; }

    public override Tensor Forward(Tensor input)
    {
        var x = ConvBatchNorm.Forward(Conv1, Bn1, input, relu: true);
        if (!_cifarStem)
        {
            x = Intermediate.Release(x, input, MaxPool.Forward(x));
        }

        foreach (var stage in Stages)
        {
            x = Intermediate.Release(x, input, stage.Forward(x));
        }

        x = Intermediate.Release(x, input, F.AdaptiveAvgPool2d(x, 1, 1).Flatten(1));
        return Intermediate.Release(x, input, Fc.Forward(x));
    }

    internal static Sequential Downsample(int inplanes, int outplanes, int stride, Generator generator) =>
        new(new Conv2d(inplanes, outplanes, 1, generator, stride, bias: false), new BatchNorm2d(outplanes));
}
