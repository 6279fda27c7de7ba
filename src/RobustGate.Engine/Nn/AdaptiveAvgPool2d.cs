using RobustGate.Engine.Functional;
using RobustGate.Engine.Tensors;

namespace RobustGate.Engine.Nn;

/// <summary>torch.nn.AdaptiveAvgPool2d to a fixed output size (1x1 for ResNets, 6x6 for AlexNet).</summary>
public sealed class AdaptiveAvgPool2d : Module
{
    public AdaptiveAvgPool2d(int outputHeight, int outputWidth)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(outputHeight, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(outputWidth, 1);
        OutputHeight = outputHeight;
        OutputWidth = outputWidth;
    }

    public AdaptiveAvgPool2d(int outputSize)
        : this(outputSize, outputSize)
    {
    }

    public int OutputHeight { get; }

    public int OutputWidth { get; }

    public override Tensor Forward(Tensor input) => F.AdaptiveAvgPool2d(input, OutputHeight, OutputWidth);
}
