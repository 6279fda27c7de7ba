using RobustGate.Engine.Functional;
using RobustGate.Engine.Nn;
using RobustGate.Engine.Tensors;

namespace RobustGate.Engine.Models;

/// <summary>
/// RobustBench's WideResNet-depth-k for 32x32 inputs (WRN-28-10 by default), with its names:
/// <c>conv1</c>, <c>block1.layer.i</c>, <c>sub_block1.layer.i</c>, <c>block2.layer.i</c>,
/// <c>block3.layer.i</c> (<see cref="WideBasicBlock"/>s), <c>bn1</c>, <c>fc</c>.
/// <c>sub_block1</c> is a copy of block1's shape that RobustBench's class creates but never runs;
/// it is kept (when <paramref name="withSubBlock"/>) because RobustBench checkpoints hold its
/// weights and strict loading needs the names. Init as RobustBench: convs N(0, 2/(k*k*out)),
/// BN 1/0, fc bias 0.
/// </summary>
public sealed class WideResNet : Module
{
    public WideResNet(int numClasses, Generator generator, int depth = 28, int widenFactor = 10, int inChannels = 3, bool withSubBlock = true)
    {
        ArgumentNullException.ThrowIfNull(generator);
        if ((depth - 4) % 6 != 0 || depth < 10)
        {
            throw new ArgumentException($"WideResNet depth must be 6n + 4 (n >= 1); got {depth}.", nameof(depth));
        }

        var n = (depth - 4) / 6;
        int[] channels = [16, 16 * widenFactor, 32 * widenFactor, 64 * widenFactor];
        Conv1 = RegisterModule("conv1", new Conv2d(inChannels, channels[0], 3, generator, 1, padding: 1, bias: false));
        Block1 = RegisterModule("block1", new WideNetworkBlock(n, channels[0], channels[1], 1, generator));
        if (withSubBlock)
        {
            RegisterModule("sub_block1", new WideNetworkBlock(n, channels[0], channels[1], 1, generator));
        }

        Block2 = RegisterModule("block2", new WideNetworkBlock(n, channels[1], channels[2], 2, generator));
        Block3 = RegisterModule("block3", new WideNetworkBlock(n, channels[2], channels[3], 2, generator));
        Bn1 = RegisterModule("bn1", new BatchNorm2d(channels[3]));
        Fc = RegisterModule("fc", new Linear(channels[3], numClasses, generator));

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
                case Linear linear when linear.Bias is not null:
                    Init.Constant(linear.Bias, 0);
                    break;
            }
        }
    }

    public Conv2d Conv1 { get; }

    public WideNetworkBlock Block1 { get; }

    public WideNetworkBlock Block2 { get; }

    public WideNetworkBlock Block3 { get; }

    public BatchNorm2d Bn1 { get; }

    public Linear Fc { get; }

    public override Tensor Forward(Tensor input)
    {
        var x = Conv1.Forward(input);
        foreach (var block in new[] { Block1, Block2, Block3 })
        {
            x = Intermediate.Release(x, input, block.Forward(x));
        }

        x = Intermediate.Release(x, input, Bn1.Forward(x));
        x = Intermediate.Release(x, input, F.Relu(x));
        x = Intermediate.Release(x, input, F.AdaptiveAvgPool2d(x, 1, 1));
        return Intermediate.Release(x, input, Fc.Forward(x.Flatten(1)));
    }
}
