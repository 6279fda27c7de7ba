using RobustGate.Engine.Tensors;

namespace RobustGate.Engine.Functional;

/// <content>Losses: cross_entropy, nll_loss, kl_div, mse_loss, l1_loss, binary_cross_entropy_with_logits.</content>
public static partial class F
{
    /// <summary>cross_entropy with class-index targets. logits [N, C].</summary>
    public static Tensor CrossEntropy(Tensor logits, int[] targets, Reduction reduction = Reduction.Mean, float labelSmoothing = 0f)
    {
        ArgumentNullException.ThrowIfNull(targets);
        var (n, c) = LogitsShape(logits, "cross_entropy");
        if (targets.Length != n)
        {
            throw new ArgumentException($"cross_entropy: {targets.Length} targets for {n} samples.");
        }

        foreach (var t in targets)
        {
            if ((uint)t >= (uint)c)
            {
                throw new ArgumentOutOfRangeException(nameof(targets), $"cross_entropy: target {t} is not a class index in [0, {c}).");
            }
        }

        var q = new float[n * c];
        for (var i = 0; i < n; i++)
        {
            for (var k = 0; k < c; k++)
            {
                q[(i * c) + k] = labelSmoothing / c;
            }

            q[(i * c) + targets[i]] += 1f - labelSmoothing;
        }

        var perSample = CrossEntropyPerSample(logits, q, null, n, c, labelSmoothing);
        return ReduceLoss(perSample, reduction, "cross_entropy");
    }

    /// <summary>
    /// cross_entropy with a target tensor: either class indices stored as floats (shape [N]) or
    /// class probabilities (shape [N, C], e.g. soft targets for mixing and JSD losses; differentiable).
    /// </summary>
    public static Tensor CrossEntropy(Tensor logits, Tensor target, Reduction reduction = Reduction.Mean, float labelSmoothing = 0f)
    {
        ArgumentNullException.ThrowIfNull(target);
        var (n, c) = LogitsShape(logits, "cross_entropy");
        if (target.Dim == 1 && target.Numel == n)
        {
            var idx = new int[n];
            var ts = target.ReadOnlySpan;
            for (var i = 0; i < n; i++)
            {
                idx[i] = (int)ts[i];
                if (idx[i] != ts[i])
                {
                    throw new ArgumentException($"cross_entropy: target {ts[i]} is not an integer class index.");
                }
            }

            return CrossEntropy(logits, idx, reduction, labelSmoothing);
        }

        if (!ShapeUtil.SameShape(target.ShapeRef, logits.ShapeRef))
        {
            throw new ArgumentException($"cross_entropy: target shape {ShapeUtil.Format(target.ShapeRef)} is neither [N] nor the logits' {ShapeUtil.Format(logits.ShapeRef)}.");
        }

        var q = target.ToArray();
        for (var i = 0; i < q.Length; i++)
        {
            q[i] = (q[i] * (1f - labelSmoothing)) + (labelSmoothing / c);
        }

        return ReduceLoss(CrossEntropyPerSample(logits, q, target, n, c, labelSmoothing), reduction, "cross_entropy");
    }

    /// <summary>nll_loss: input holds log-probabilities [N, C].</summary>
    public static Tensor NllLoss(Tensor input, int[] targets, Reduction reduction = Reduction.Mean)
    {
        ArgumentNullException.ThrowIfNull(targets);
        var (n, c) = LogitsShape(input, "nll_loss");
        if (targets.Length != n)
        {
            throw new ArgumentException($"nll_loss: {targets.Length} targets for {n} samples.");
        }

        var flat = new int[n];
        for (var i = 0; i < n; i++)
        {
            if ((uint)targets[i] >= (uint)c)
            {
                throw new ArgumentOutOfRangeException(nameof(targets), $"nll_loss: target {targets[i]} is not a class index in [0, {c}).");
            }

            flat[i] = (i * c) + targets[i];
        }

        var picked = -input.Reshape(n * c).IndexSelect(0, flat);
        return ReduceLoss(picked, reduction, "nll_loss");
    }

    /// <summary>
    /// kl_div(input, target): input holds log-probabilities; target probabilities (or
    /// log-probabilities with <paramref name="logTarget"/>). Pointwise target * (log target - input),
    /// zero where target is 0. PyTorch's default reduction is Mean (over elements); BatchMean is the
    /// mathematically correct KL divergence per sample. Differentiable in both arguments.
    /// </summary>
    public static Tensor KlDiv(Tensor input, Tensor target, Reduction reduction = Reduction.Mean, bool logTarget = false)
    {
        ArgumentNullException.ThrowIfNull(input);
        ArgumentNullException.ThrowIfNull(target);
        if (!ShapeUtil.SameShape(input.ShapeRef, target.ShapeRef))
        {
            throw new ArgumentException($"kl_div: input {ShapeUtil.Format(input.ShapeRef)} and target {ShapeUtil.Format(target.ShapeRef)} differ.");
        }

        var pointwise = Tensor.Uninitialized(input.ShapeRef);
        var x = input.ReadOnlySpan;
        var t = target.ReadOnlySpan;
        var o = pointwise.Span;
        for (var i = 0; i < o.Length; i++)
        {
            o[i] = logTarget ? MathF.Exp(t[i]) * (t[i] - x[i]) : t[i] > 0 ? t[i] * (MathF.Log(t[i]) - x[i]) : 0f;
        }

        pointwise.Record("kl_div", [input, target], (g, need) =>
        {
            var gs = g.ReadOnlySpan;
            var xs = input.ReadOnlySpan;
            var ts = target.ReadOnlySpan;
            Tensor? gi = null, gt = null;
            if (need[0])
            {
                gi = Tensor.Uninitialized(input.ShapeRef);
                var d = gi.Span;
                for (var i = 0; i < d.Length; i++)
                {
                    d[i] = -gs[i] * (logTarget ? MathF.Exp(ts[i]) : ts[i]);
                }
            }

            if (need[1])
            {
                gt = Tensor.Uninitialized(target.ShapeRef);
                var d = gt.Span;
                for (var i = 0; i < d.Length; i++)
                {
                    d[i] = logTarget
                        ? gs[i] * MathF.Exp(ts[i]) * (ts[i] - xs[i] + 1f)
                        : ts[i] > 0 ? gs[i] * (MathF.Log(ts[i]) + 1f - xs[i]) : 0f;
                }
            }

            return [gi, gt];
        });
        return ReduceLoss(pointwise, reduction, "kl_div");
    }

    /// <summary>mse_loss: (input - target)^2, reduced.</summary>
    public static Tensor MseLoss(Tensor input, Tensor target, Reduction reduction = Reduction.Mean)
    {
        ArgumentNullException.ThrowIfNull(input);
        ArgumentNullException.ThrowIfNull(target);
        return ReduceLoss((input - target).Square(), reduction, "mse_loss");
    }

    /// <summary>l1_loss: |input - target|, reduced.</summary>
    public static Tensor L1Loss(Tensor input, Tensor target, Reduction reduction = Reduction.Mean)
    {
        ArgumentNullException.ThrowIfNull(input);
        ArgumentNullException.ThrowIfNull(target);
        return ReduceLoss((input - target).Abs(), reduction, "l1_loss");
    }

    /// <summary>binary_cross_entropy_with_logits: max(x, 0) - x t + log(1 + exp(-|x|)), reduced.</summary>
    public static Tensor BinaryCrossEntropyWithLogits(Tensor input, Tensor target, Reduction reduction = Reduction.Mean)
    {
        ArgumentNullException.ThrowIfNull(input);
        ArgumentNullException.ThrowIfNull(target);
        if (!ShapeUtil.SameShape(input.ShapeRef, target.ShapeRef))
        {
            throw new ArgumentException($"binary_cross_entropy_with_logits: shapes {ShapeUtil.Format(input.ShapeRef)} and {ShapeUtil.Format(target.ShapeRef)} differ.");
        }

        var loss = Tensor.Uninitialized(input.ShapeRef);
        var x = input.ReadOnlySpan;
        var t = target.ReadOnlySpan;
        var o = loss.Span;
        for (var i = 0; i < o.Length; i++)
        {
            o[i] = (float)(Math.Max(x[i], 0) - ((double)x[i] * t[i]) + Math.Log(1 + Math.Exp(-Math.Abs(x[i]))));
        }

        loss.Record("binary_cross_entropy_with_logits", [input, target], (g, need) =>
        {
            var gs = g.ReadOnlySpan;
            var xs = input.ReadOnlySpan;
            var ts = target.ReadOnlySpan;
            Tensor? gi = null, gt = null;
            if (need[0])
            {
                gi = Tensor.Uninitialized(input.ShapeRef);
                var d = gi.Span;
                for (var i = 0; i < d.Length; i++)
                {
                    d[i] = gs[i] * (float)((1 / (1 + Math.Exp(-xs[i]))) - ts[i]);
                }
            }

            if (need[1])
            {
                gt = Tensor.Uninitialized(target.ShapeRef);
                var d = gt.Span;
                for (var i = 0; i < d.Length; i++)
                {
                    d[i] = -gs[i] * xs[i];
                }
            }

            return [gi, gt];
        });
        return ReduceLoss(loss, reduction, "binary_cross_entropy_with_logits");
    }

    /// <summary>One-hot rows [N, numClasses] for class indices.</summary>
    public static Tensor OneHot(int[] labels, int numClasses)
    {
        ArgumentNullException.ThrowIfNull(labels);
        var t = Tensor.Zeros(labels.Length, numClasses);
        var s = t.Span;
        for (var i = 0; i < labels.Length; i++)
        {
            if ((uint)labels[i] >= (uint)numClasses)
            {
                throw new ArgumentOutOfRangeException(nameof(labels), $"one_hot: label {labels[i]} is not in [0, {numClasses}).");
            }

            s[(i * numClasses) + labels[i]] = 1f;
        }

        return t;
    }

    private static Tensor ReduceLoss(Tensor values, Reduction reduction, string op) => reduction switch
    {
        Reduction.None => values,
        Reduction.Sum => values.Sum(),
        Reduction.Mean => values.Mean(),
        Reduction.BatchMean when op == "kl_div" => values.Sum() / values.Size(0),
        _ => throw new ArgumentException($"{op}: reduction {reduction} is not supported."),
    };

    private static (int N, int C) LogitsShape(Tensor logits, string op)
    {
        ArgumentNullException.ThrowIfNull(logits);
        if (logits.Dim != 2)
        {
            throw new ArgumentException($"{op} expects [N, C] logits; got {ShapeUtil.Format(logits.ShapeRef)}.");
        }

        return (logits.Size(0), logits.Size(1));
    }

    /// <summary>
    /// Per-sample -sum_c q_c log_softmax(z)_c for a target distribution q (smoothing already applied).
    /// d/dz = softmax(z) * sum(q) - q; d/dtarget = -(1 - smoothing) * log_softmax(z).
    /// </summary>
    private static Tensor CrossEntropyPerSample(Tensor logits, float[] q, Tensor? softTarget, int n, int c, float labelSmoothing)
    {
        var logp = new float[n * c];
        SoftmaxRows(logits.ReadOnlySpan, logp, n, c, 1, log: true);
        var loss = Tensor.Uninitialized(n);
        var l = loss.Span;
        for (var i = 0; i < n; i++)
        {
            double sum = 0;
            for (var k = 0; k < c; k++)
            {
                var qk = q[(i * c) + k];
                if (qk != 0)
                {
                    sum -= (double)qk * logp[(i * c) + k];
                }
            }

            l[i] = (float)sum;
        }

        Tensor[] inputs = softTarget is null ? [logits] : [logits, softTarget];
        return loss.Record("cross_entropy", inputs, (g, need) =>
        {
            var gs = g.ReadOnlySpan;
            var grads = new Tensor?[inputs.Length];
            if (need[0])
            {
                var gl = Tensor.Uninitialized(n, c);
                var d = gl.Span;
                for (var i = 0; i < n; i++)
                {
                    double qsum = 0;
                    for (var k = 0; k < c; k++)
                    {
                        qsum += q[(i * c) + k];
                    }

                    for (var k = 0; k < c; k++)
                    {
                        var idx = (i * c) + k;
                        d[idx] = (float)(gs[i] * ((Math.Exp(logp[idx]) * qsum) - q[idx]));
                    }
                }

                grads[0] = gl;
            }

            if (softTarget is not null && need[1])
            {
                var gt = Tensor.Uninitialized(n, c);
                var d = gt.Span;
                for (var i = 0; i < n * c; i++)
                {
                    d[i] = -gs[i / c] * (1f - labelSmoothing) * logp[i];
                }

                grads[1] = gt;
            }

            return grads;
        });
    }
}
