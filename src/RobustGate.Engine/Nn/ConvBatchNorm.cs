using RobustGate.Engine.Functional;
using RobustGate.Engine.Tensors;

namespace RobustGate.Engine.Nn;

/// <summary>
/// The conv → batch-norm (→ relu) pattern of the model blocks, run as one fused op
/// (<see cref="F.Conv2dBatchNormEval"/>) when both modules are in eval mode. In training mode it runs the
/// modules one after another exactly as before (batch statistics, running-stat updates, the same kernels),
/// so training is unchanged bit for bit; in eval mode the fused op gives the same bits and gradients as the
/// unfused ops, only faster. The modules keep their names and state, so checkpoints are unaffected.
/// </summary>
public static class ConvBatchNorm
{
    public static Tensor Forward(Conv2d conv, BatchNorm2d norm, Tensor input, bool relu)
    {
        ArgumentNullException.ThrowIfNull(conv);
        ArgumentNullException.ThrowIfNull(norm);
        if (conv.Training || norm.Training)
        {
            var y = norm.Forward(conv.Forward(input));
            return relu ? F.Relu(y) : y;
        }

        return F.Conv2dBatchNormEval(
            input, conv.Weight, conv.Bias, conv.Stride, conv.Padding, conv.Dilation, conv.Groups,
            norm.RunningMean, norm.RunningVar, norm.Weight, norm.Bias, (float)norm.Eps, relu);
    }

    /// <summary>
    /// A <see cref="Sequential"/>'s forward pass with every Conv2d, BatchNorm2d (, ReLU) run fused as above;
    /// the other layers run as they are. Same results as <c>layers.Forward(input)</c>.
    /// </summary>
    public static Tensor ForwardSequence(Sequential layers, Tensor input)
    {
        ArgumentNullException.ThrowIfNull(layers);
        var x = input;
        for (var i = 0; i < layers.Count; i++)
        {
            if (layers[i] is Conv2d conv && i + 1 < layers.Count && layers[i + 1] is BatchNorm2d norm)
            {
                var relu = i + 2 < layers.Count && layers[i + 2] is ReLU;
                x = Intermediate.Release(x, input, Forward(conv, norm, x, relu));
                i += relu ? 2 : 1;
            }
            else
            {
                x = Intermediate.Release(x, input, layers[i].Forward(x));
            }
        }

        return x;
    }
}
