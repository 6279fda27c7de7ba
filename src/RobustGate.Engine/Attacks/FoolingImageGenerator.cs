using RobustGate.Engine.Nn;
using RobustGate.Engine.Tensors;

namespace RobustGate.Engine.Attacks;

/// <summary>
/// Fooling images (spec section 4, Szegedy et al. style): for each image a target class drawn
/// uniformly from the classes other than its label, then gradient ascent on the target's
/// pre-softmax score, x ← clip(x + lr·g/‖g‖₂, 0, 1), until the model predicts the target or the
/// iteration cap is reached. Unbounded (no eps). Usable from training (fooling-image augmentation:
/// train on the returned images with the true labels).
/// </summary>
public sealed class FoolingImageGenerator
{
    private readonly Module _model;

    public FoolingImageGenerator(Module model, FoolingOptions options)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        _model = model;
        Options = options;
    }

    public FoolingOptions Options { get; }

    public FoolingResult Generate(Tensor images, IReadOnlyList<int> labels, IReadOnlyList<long>? sampleIds = null)
    {
        ArgumentNullException.ThrowIfNull(images);
        ArgumentNullException.ThrowIfNull(labels);
        var shape = images.Shape;
        if (images.Dim != 4 || labels.Count != shape[0] || (sampleIds is not null && sampleIds.Count != shape[0]))
        {
            throw new ArgumentException($"fooling images: need N x C x H x W images with N labels (and sample ids); got [{string.Join(", ", shape)}] and {labels.Count} labels", nameof(labels));
        }

        var n = shape[0];
        using var oracle = new ModelOracle(_model, shape[1], shape[2], shape[3]);
        var d = oracle.Elements;
        var clean = images.ToArray();
        var x = (float[])clean.Clone();
        var targets = new int[n];
        var success = new bool[n];
        var iterations = new int[n];
        if (n > 0)
        {
            oracle.Logits(clean.AsSpan(0, d), 1);
        }

        var classes = oracle.Classes;
        for (var i = 0; i < n; i++)
        {
            if (classes < 2 || (uint)labels[i] >= (uint)classes)
            {
                throw new ArgumentException($"fooling images: label {labels[i]} does not fit a model with {classes} classes (at least 2 needed)", nameof(labels));
            }

            var random = new Generator(AttackSeeds.For(Options.Seed, "fooling", sampleIds?[i] ?? i, 0));
            var t = (int)random.NextInt64(0, classes - 1);
            targets[i] = t >= labels[i] ? t + 1 : t;
        }

        var active = Enumerable.Range(0, n).ToArray();
        var batch = new float[n * d];
        var gradients = new float[n * d];
        var logits = new float[n * classes];
        var losses = new double[n];
        var lr = (float)Options.LearningRate;
        for (var iteration = 0; active.Length > 0; iteration++)
        {
            var m = active.Length;
            var batchTargets = new int[m];
            var batchLabels = new int[m];
            for (var k = 0; k < m; k++)
            {
                x.AsSpan(active[k] * d, d).CopyTo(batch.AsSpan(k * d, d));
                batchTargets[k] = targets[active[k]];
                batchLabels[k] = labels[active[k]];
            }

            oracle.LossGradient(batch.AsSpan(0, m * d), m, AttackLoss.TargetLogit, batchLabels, batchTargets, losses, gradients, logits);
            var still = new List<int>(m);
            for (var k = 0; k < m; k++)
            {
                var i = active[k];
                iterations[i] = iteration;
                if (LossFunctions.ArgMax(logits.AsSpan(k * classes, classes)) == targets[i])
                {
                    success[i] = true;
                    continue;
                }

                if (iteration == Options.MaxIterations)
                {
                    continue;
                }

                var g = gradients.AsSpan(k * d, d);
                var norm = Projection.Norm2(g);
                if (!(norm > 0) || !double.IsFinite(norm))
                {
                    // No usable direction: the sample cannot move, so it fails now rather than spin.
                    continue;
                }

                Steps.Normalized(x.AsSpan(i * d, d), g, lr);
                System.Numerics.Tensors.TensorPrimitives.Clamp(x.AsSpan(i * d, d), 0f, 1f, x.AsSpan(i * d, d));
                still.Add(i);
            }

            active = [.. still];
        }

        var l2 = new double[n];
        var linf = new double[n];
        for (var i = 0; i < n; i++)
        {
            l2[i] = Projection.Distance(AttackNorm.L2, clean.AsSpan(i * d, d), x.AsSpan(i * d, d));
            linf[i] = Projection.Distance(AttackNorm.Linf, clean.AsSpan(i * d, d), x.AsSpan(i * d, d));
        }

        return new FoolingResult(x, shape, targets, success, iterations, l2, linf);
    }
}
