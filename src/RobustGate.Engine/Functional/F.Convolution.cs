using RobustGate.Engine.Kernels;
using RobustGate.Engine.Tensors;

namespace RobustGate.Engine.Functional;

/// <content>2-D convolution.</content>
public static partial class F
{
    /// <summary>
    /// conv2d: input [N, C, H, W], weight [K, C/groups, R, S], optional bias [K]; output
    /// [N, K, OH, OW] with PyTorch's floor size formula.
    /// </summary>
    public static Tensor Conv2d(Tensor input, Tensor weight, Tensor? bias = null, int stride = 1, int padding = 0, int dilation = 1, int groups = 1)
        => Conv2d(input, weight, bias, (stride, stride), (padding, padding), (dilation, dilation), groups);

    public static Tensor Conv2d(Tensor input, Tensor weight, Tensor? bias, (int H, int W) stride, (int H, int W) padding, (int H, int W) dilation, int groups = 1)
    {
        ArgumentNullException.ThrowIfNull(input);
        ArgumentNullException.ThrowIfNull(weight);
        var x = input.ShapeRef;
        var w = weight.ShapeRef;
        if (x.Length != 4 || w.Length != 4)
        {
            throw new ArgumentException($"conv2d expects a 4-D input and weight; got {ShapeUtil.Format(x)} and {ShapeUtil.Format(w)}.");
        }

        if (w[1] * groups != x[1])
        {
            throw new ArgumentException($"conv2d: weight {ShapeUtil.Format(w)} with groups={groups} expects {w[1] * groups} input channels; input is {ShapeUtil.Format(x)}.");
        }

        if (bias is not null && (bias.Dim != 1 || bias.Numel != w[0]))
        {
            throw new ArgumentException($"conv2d: bias shape {ShapeUtil.Format(bias.ShapeRef)} does not match {w[0]} output channels.");
        }

        var g = new ConvGeometry(x[0], x[1], x[2], x[3], w[0], w[2], w[3], stride.H, stride.W, padding.H, padding.W, dilation.H, dilation.W, groups);
        g.Validate();
        var output = Tensor.Uninitialized(g.Batch, g.OutChannels, g.OutH, g.OutW);
        var backend = ComputeBackend.Current;
        backend.ConvolutionForward(g, input.ReadOnlySpan, weight.ReadOnlySpan, bias is null ? default : bias.ReadOnlySpan, output.Span);
        Tensor[] inputs = bias is null ? [input, weight] : [input, weight, bias];
        return output.Record("conv2d", inputs, (grad, need) =>
        {
            var grads = new Tensor?[inputs.Length];
            if (need[0])
            {
                var gi = Tensor.Uninitialized(input.ShapeRef);
                backend.ConvolutionBackwardData(g, grad.ReadOnlySpan, weight.ReadOnlySpan, gi.Span);
                grads[0] = gi;
            }

            var needBias = bias is not null && need[2];
            if (need[1] || needBias)
            {
                var gw = Tensor.Uninitialized(weight.ShapeRef);
                var gb = bias is null ? null : Tensor.Uninitialized(bias.ShapeRef);
                backend.ConvolutionBackwardWeight(g, input.ReadOnlySpan, grad.ReadOnlySpan, gw.Span, gb is null ? default : gb.Span);
                if (need[1])
                {
                    grads[1] = gw;
                }
                else
                {
                    gw.Dispose();
                }

                if (needBias)
                {
                    grads[2] = gb;
                }
                else
                {
                    gb?.Dispose();
                }
            }

            return grads;
        });
    }
}
