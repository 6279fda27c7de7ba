using RobustGate.Engine.Autograd;
using RobustGate.Engine.Tensors;

namespace RobustGate.Engine.Functional;

/// <content>Batch normalisation.</content>
public static partial class F
{
    /// <summary>
    /// batch_norm over [N, C, ...]. Training: normalises with the batch's biased variance and, when
    /// running buffers are given, updates them in place as PyTorch does:
    /// running = (1 - momentum) * running + momentum * batch_stat, with the unbiased variance for
    /// running_var. Eval: normalises with the running statistics (which must be given).
    /// </summary>
    public static Tensor BatchNorm(Tensor input, Tensor? runningMean, Tensor? runningVar, Tensor? weight = null, Tensor? bias = null, bool training = false, float momentum = 0.1f, float eps = 1e-5f)
    {
        ArgumentNullException.ThrowIfNull(input);
        var s = input.ShapeRef;
        if (s.Length < 2)
        {
            throw new ArgumentException($"batch_norm expects [N, C, ...]; got {ShapeUtil.Format(s)}.");
        }

        int n = s[0], c = s[1], hw = input.Numel / Math.Max(1, n * c);
        foreach (var (t, name) in new[] { (runningMean, "running_mean"), (runningVar, "running_var"), (weight, "weight"), (bias, "bias") })
        {
            if (t is not null && t.Numel != c)
            {
                throw new ArgumentException($"batch_norm: {name} has {t.Numel} elements for {c} channels.");
            }
        }

        var backend = ComputeBackend.Current;
        var mean = new float[c];
        var invStd = new float[c];
        var scale = new float[c];
        var output = Tensor.Uninitialized(s);
        if (training)
        {
            var count = (long)n * hw;
            if (count <= 1)
            {
                output.Dispose();
                throw new ArgumentException($"batch_norm in training mode needs more than one value per channel; input is {ShapeUtil.Format(s)}.");
            }

            // Statistics and normalisation in one fused kernel (one read of the input per channel).
            var variance = new float[c];
            backend.BatchNormTrainingForward(n, c, hw, input.ReadOnlySpan, weight is null ? default : weight.ReadOnlySpan, bias is null ? default : bias.ReadOnlySpan, eps, mean, variance, invStd, output.Span);
            using (new NoGrad())
            {
                if (runningMean is not null)
                {
                    var rm = runningMean.Span;
                    for (var ch = 0; ch < c; ch++)
                    {
                        rm[ch] = ((1f - momentum) * rm[ch]) + (momentum * mean[ch]);
                    }
                }

                if (runningVar is not null)
                {
                    var rv = runningVar.Span;
                    var correction = (double)count / (count - 1);
                    for (var ch = 0; ch < c; ch++)
                    {
                        rv[ch] = ((1f - momentum) * rv[ch]) + (momentum * (float)(variance[ch] * correction));
                    }
                }
            }
        }
        else
        {
            if (runningMean is null || runningVar is null)
            {
                output.Dispose();
                throw new ArgumentException("batch_norm in eval mode needs running_mean and running_var.");
            }

            runningMean.ReadOnlySpan.CopyTo(mean);
            var rv = runningVar.ReadOnlySpan;
            var shift = new float[c];
            for (var ch = 0; ch < c; ch++)
            {
                invStd[ch] = (float)(1.0 / Math.Sqrt(rv[ch] + (double)eps));
                var w = weight is null ? 1f : weight.ReadOnlySpan[ch];
                var b = bias is null ? 0f : bias.ReadOnlySpan[ch];
                scale[ch] = w * invStd[ch];
                shift[ch] = b - (mean[ch] * scale[ch]);
            }

            backend.BatchNormAffine(n, c, hw, input.ReadOnlySpan, scale, shift, output.Span);
        }

        Tensor[] inputs = (weight, bias) switch
        {
            (null, null) => [input],
            (not null, null) => [input, weight],
            (null, not null) => [input, bias],
            _ => [input, weight, bias],
        };
        var weightIndex = weight is null ? -1 : 1;
        var biasIndex = bias is null ? -1 : inputs.Length - 1;
        return output.Record("batch_norm", inputs, (grad, need) =>
        {
            var grads = new Tensor?[inputs.Length];
            var needWeight = weightIndex > 0 && need[weightIndex];
            var needBias = biasIndex > 0 && need[biasIndex];
            var sumDy = new float[c];
            var sumDyCentered = new float[c];
            if (training)
            {
                // Sums and input gradient in one kernel (the gradient may be written over dy).
                var gi = need[0] ? GradientBuffer(grad, s) : null;
                backend.BatchNormTrainingBackward(n, c, hw, input.ReadOnlySpan, grad.ReadOnlySpan, mean, invStd, weight is null ? default : weight.ReadOnlySpan, sumDy, sumDyCentered, gi is null ? default : gi.Span);
                grads[0] = gi;
            }
            else
            {
                // Eval mode is a fixed affine map, dx = dy * weight * invStd. The parameter gradients need
                // the per-channel sums (taken before dx may overwrite dy); an input-only gradient (an attack) skips them.
                if (needWeight || needBias)
                {
                    backend.BatchNormTrainingBackward(n, c, hw, input.ReadOnlySpan, grad.ReadOnlySpan, mean, invStd, default, sumDy, sumDyCentered, default);
                }

                if (need[0])
                {
                    var gi = GradientBuffer(grad, s);
                    backend.BatchNormScale(n, c, hw, grad.ReadOnlySpan, scale, gi.Span);
                    grads[0] = gi;
                }
            }

            if (needWeight)
            {
                var gw = Tensor.Uninitialized(c);
                var d = gw.Span;
                for (var ch = 0; ch < c; ch++)
                {
                    d[ch] = sumDyCentered[ch] * invStd[ch];
                }

                grads[weightIndex] = gw.Reshape(weight!.ShapeRef);
            }

            if (needBias)
            {
                grads[biasIndex] = Tensor.FromArray(sumDy, bias!.ShapeRef);
            }

            return grads;
        });
    }

    /// <summary>
    /// Where an element-wise backward writes the input gradient: into the incoming gradient itself when
    /// its buffer is this node's alone (the engine disposes it after the call), else a fresh tensor.
    /// </summary>
    private static Tensor GradientBuffer(Tensor gradOutput, int[] shape)
        => gradOutput.Storage.References == 1 ? gradOutput : Tensor.Uninitialized(shape);
}
