using RobustGate.Engine.Functional;
using RobustGate.Engine.Nn;
using RobustGate.Engine.Tensors;

namespace RobustGate.Engine.Models;

/// <summary>
/// RobustBench's PreActResNet-18 for 32x32 inputs (names <c>conv1 layer1..layer4 bn linear</c>):
/// 3x3 stem, four stages of two <see cref="PreActBlock"/>s (64, 128, 256, 512; strides 1, 2, 2, 2),
/// final bn-relu, 4x4 average pool, <c>linear</c>. PyTorch's default initialisation, as in
/// RobustBench. The network takes its input as is; RobustBench models see [0,1] pixels.
/// </summary>
public sealed class PreActResNet : Module
{
    public PreActResNet(int numClasses, Generator generator, int inChannels = 3)
    {
        ArgumentNullException.ThrowIfNull(generator);
        Conv1 = RegisterModule("conv1", new Conv2d(inChannels, 64, 3, generator, 1, padding: 1, bias: false));
        int[] planes = [64, 128, 256, 512];
        var inPlanes = 64;
        var stages = new Sequential[4];
        for (var s = 0; s < 4; s++)
        {
            var stage = new Sequential();
            for (var i = 0; i < 2; i++)
            {
                stage.Append(new PreActBlock(inPlanes, planes[s], i == 0 && s > 0 ? 2 : 1, generator));
                inPlanes = planes[s];
            }

            stages[s] = RegisterModule("layer" + (s + 1).ToString(System.Globalization.CultureInfo.InvariantCulture), stage);
        }

        Stages = stages;
        Bn = RegisterModule("bn", new BatchNorm2d(512));
        Linear = RegisterModule("linear", new Linear(512, numClasses, generator));
    }

    public Conv2d Conv1 { get; }

    public IReadOnlyList<Sequential> Stages { get; }

    public BatchNorm2d Bn { get; }

    public Linear Linear { get; }

    public override Tensor Forward(Tensor input)
    {
        var x = Conv1.Forward(input);
        foreach (var stage in Stages)
        {
            x = Intermediate.Release(x, input, stage.Forward(x));
        }

        x = Intermediate.Release(x, input, Bn.Forward(x));
        x = Intermediate.Release(x, input, F.Relu(x));
        x = Intermediate.Release(x, input, F.AvgPool2d(x, 4, 4, 0, false, true));
        return Intermediate.Release(x, input, Linear.Forward(x.Flatten(1)));
    }
}
