using RobustGate.Engine.Kernels;
using RobustGate.Engine.Tensors;

namespace RobustGate.Engine.Functional;

/// <content>Convolution with an eval-mode batch-norm (and optionally relu) fused into its output pass.</content>
public static partial class F
{
    /// <summary>
    /// relu?(batch_norm_eval(conv2d(input, weight, bias))) in one op: the batch-norm's per-channel affine map
    /// (scale = γ/√(var+ε), shift = β − μ·scale, computed as <see cref="BatchNorm"/> computes them) and the relu
    /// are applied where the convolution writes its output, instead of two more passes over memory and two more
    /// buffers. The weights are not folded: each forward reads the current parameters and running statistics,
    /// so nothing is cached and nothing can go stale, and the result is bit-identical to the unfused ops.
    /// Backward: the relu mask is taken from the output (relu(y) &gt; 0 exactly where y &gt; 0), the gradient is
    /// scaled per channel, then flows through the convolution; the batch-norm parameter gradients (rarely
    /// wanted in eval mode) recompute the convolution's output once. Every gradient equals the unfused one.
    /// </summary>
    public static Tensor Conv2dBatchNormEval(
        Tensor input,
        Tensor weight,
        Tensor? bias,
        int stride,
        int padding,
        int dilation,
        int groups,
        Tensor runningMean,
        Tensor runningVar,
        Tensor? bnWeight,
        Tensor? bnBias,
        float eps,
        bool relu)
    {
        ArgumentNullException.ThrowIfNull(input);
        ArgumentNullException.ThrowIfNull(weight);
        ArgumentNullException.ThrowIfNull(runningMean);
        ArgumentNullException.ThrowIfNull(runningVar);
        var backend = ComputeBackend.Current;
        if (backend is not CpuBackend || input.Dim != 4 || weight.Dim != 4)
        {
            // Another backend has no fused kernel (and a malformed call gets the unfused ops' messages).
            var y = BatchNorm(Conv2d(input, weight, bias, stride, padding, dilation, groups), runningMean, runningVar, bnWeight, bnBias, false, 0f, eps);
            return relu ? Relu(y) : y;
        }

        var x = input.ShapeRef;
        var w = weight.ShapeRef;
        if (w[1] * groups != x[1])
        {
            throw new ArgumentException($"conv2d: weight {ShapeUtil.Format(w)} with groups={groups} expects {w[1] * groups} input channels; input is {ShapeUtil.Format(x)}.");
        }

        if (bias is not null && (bias.Dim != 1 || bias.Numel != w[0]))
        {
            throw new ArgumentException($"conv2d: bias shape {ShapeUtil.Format(bias.ShapeRef)} does not match {w[0]} output channels.");
        }

        var c = w[0];
        foreach (var (t, name) in new[] { (runningMean, "running_mean"), (runningVar, "running_var"), (bnWeight, "weight"), (bnBias, "bias") })
        {
            if (t is not null && t.Numel != c)
            {
                throw new ArgumentException($"batch_norm: {name} has {t.Numel} elements for {c} channels.");
            }
        }

        var g = new ConvGeometry(x[0], x[1], x[2], x[3], c, w[2], w[3], stride, stride, padding, padding, dilation, dilation, groups);
        g.Validate();

        // Exactly F.BatchNorm's eval-mode coefficients, so the fused result matches the unfused bit for bit.
        var mean = new float[c];
        var invStd = new float[c];
        var scale = new float[c];
        var shift = new float[c];
        runningMean.ReadOnlySpan.CopyTo(mean);
        var rv = runningVar.ReadOnlySpan;
        for (var ch = 0; ch < c; ch++)
        {
            invStd[ch] = (float)(1.0 / Math.Sqrt(rv[ch] + (double)eps));
            var gamma = bnWeight is null ? 1f : bnWeight.ReadOnlySpan[ch];
            var beta = bnBias is null ? 0f : bnBias.ReadOnlySpan[ch];
            scale[ch] = gamma * invStd[ch];
            shift[ch] = beta - (mean[ch] * scale[ch]);
        }

        var output = Tensor.Uninitialized(g.Batch, g.OutChannels, g.OutH, g.OutW);
        RunFusedConvolution(g, input.ReadOnlySpan, weight.ReadOnlySpan, bias is null ? default : bias.ReadOnlySpan, scale, shift, relu, output.Span);

        var inputs = new List<Tensor> { input, weight };
        var biasIndex = Append(inputs, bias);
        var bnWeightIndex = Append(inputs, bnWeight);
        var bnBiasIndex = Append(inputs, bnBias);
        var plane = g.OutH * g.OutW;
        // Recorded as "conv2d" with (input, weight) first: graph walkers (ModelFlops, StepProfiler) count and key
        // convolutions by that name and those operands, and this node's arithmetic is the convolution's.
        return output.Record("conv2d", [.. inputs], (grad, need) =>
        {
            var grads = new Tensor?[need.Length];
            var needBnWeight = bnWeightIndex > 0 && need[bnWeightIndex];
            var needBnBias = bnBiasIndex > 0 && need[bnBiasIndex];
            var needConvBias = biasIndex > 0 && need[biasIndex];

            // The gradient at the batch-norm's output: relu's mask, as F.Relu's backward applies it.
            var gy = GradientBuffer(grad, output.ShapeRef);
            if (relu)
            {
                ParallelElementwise.Binary(grad.ReadOnlySpan, output.ReadOnlySpan, gy.Span, default(ReluBackwardOperator));
            }
            else if (!ReferenceEquals(gy, grad))
            {
                grad.ReadOnlySpan.CopyTo(gy.Span);
            }

            if (needBnWeight || needBnBias)
            {
                var sumDy = new float[c];
                var sumDyCentered = new float[c];
                using (var preNorm = Tensor.Uninitialized(output.ShapeRef))
                {
                    backend.ConvolutionForward(g, input.ReadOnlySpan, weight.ReadOnlySpan, bias is null ? default : bias.ReadOnlySpan, preNorm.Span);
                    backend.BatchNormTrainingBackward(g.Batch, c, plane, preNorm.ReadOnlySpan, gy.ReadOnlySpan, mean, invStd, default, sumDy, sumDyCentered, default);
                }

                if (needBnWeight)
                {
                    var gw = new float[c];
                    for (var ch = 0; ch < c; ch++)
                    {
                        gw[ch] = sumDyCentered[ch] * invStd[ch];
                    }

                    grads[bnWeightIndex] = Tensor.FromArray(gw, bnWeight!.ShapeRef);
                }

                if (needBnBias)
                {
                    grads[bnBiasIndex] = Tensor.FromArray(sumDy, bnBias!.ShapeRef);
                }
            }

            if (!need[0] && !need[1] && !needConvBias)
            {
                DisposeUnlessIncoming(gy, grad);
                return grads;
            }

            // The gradient at the convolution's output, in place: dz = dy * scale per channel.
            backend.BatchNormScale(g.Batch, c, plane, gy.ReadOnlySpan, scale, gy.Span);
            if (need[0])
            {
                var gi = Tensor.Uninitialized(input.ShapeRef);
                backend.ConvolutionBackwardData(g, gy.ReadOnlySpan, weight.ReadOnlySpan, gi.Span);
                grads[0] = gi;
            }

            if (need[1] || needConvBias)
            {
                var gw = Tensor.Uninitialized(weight.ShapeRef);
                var gb = bias is null ? null : Tensor.Uninitialized(bias.ShapeRef);
                backend.ConvolutionBackwardWeight(g, input.ReadOnlySpan, gy.ReadOnlySpan, gw.Span, gb is null ? default : gb.Span);
                if (need[1])
                {
                    grads[1] = gw;
                }
                else
                {
                    gw.Dispose();
                }

                if (needConvBias)
                {
                    grads[biasIndex] = gb;
                }
                else
                {
                    gb?.Dispose();
                }
            }

            DisposeUnlessIncoming(gy, grad);
            return grads;
        });
    }

    private static unsafe void RunFusedConvolution(in ConvGeometry g, ReadOnlySpan<float> input, ReadOnlySpan<float> weight, ReadOnlySpan<float> bias, float[] scale, float[] shift, bool relu, Span<float> output)
    {
        fixed (float* pi = input)
        fixed (float* pw = weight)
        fixed (float* pb = bias)
        fixed (float* ps = scale)
        fixed (float* pt = shift)
        fixed (float* po = output)
        {
            new ConvolutionRunner(g, EngineThreads.Count).Forward(pi, pw, pb, !bias.IsEmpty, po, new ConvolutionEpilogue(ps, pt, relu));
        }
    }

    /// <summary>Adds an optional input and returns its index, or -1 when absent.</summary>
    private static int Append(List<Tensor> inputs, Tensor? tensor)
    {
        if (tensor is null)
        {
            return -1;
        }

        inputs.Add(tensor);
        return inputs.Count - 1;
    }

    /// <summary>The engine disposes the incoming gradient itself; a buffer of our own is ours to free.</summary>
    private static void DisposeUnlessIncoming(Tensor buffer, Tensor incoming)
    {
        if (!ReferenceEquals(buffer, incoming))
        {
            buffer.Dispose();
        }
    }
}
