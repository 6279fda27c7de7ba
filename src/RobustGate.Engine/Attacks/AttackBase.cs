using RobustGate.Engine.Nn;
using RobustGate.Engine.Tensors;

namespace RobustGate.Engine.Attacks;

/// <summary>
/// What every attack shares: input checks, eval mode, the clean pass, the final re-evaluation of
/// the returned images and the result. Subclasses only perturb.
/// </summary>
public abstract class AttackBase : IAttack
{
    protected AttackBase(string name, AttackNorm norm, AttackParameters parameters)
    {
        ArgumentNullException.ThrowIfNull(parameters);
        parameters.Validate(name);
        Name = name;
        Norm = norm;
        Parameters = parameters;
    }

    public string Name { get; }

    public AttackNorm Norm { get; }

    public double Eps => Parameters.Eps;

    public AttackParameters Parameters { get; }

    protected float EpsF => (float)Parameters.Eps;

    public AttackResult Run(Module model, Tensor images, IReadOnlyList<int> labels, ulong seed, IReadOnlyList<long>? sampleIds = null)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(images);
        ArgumentNullException.ThrowIfNull(labels);
        if (images.Dim != 4)
        {
            throw new ArgumentException($"attack '{Name}': images must be N x C x H x W, got [{string.Join(", ", images.Shape)}]", nameof(images));
        }

        var shape = images.Shape;
        var n = shape[0];
        if (labels.Count != n || (sampleIds is not null && sampleIds.Count != n))
        {
            throw new ArgumentException($"attack '{Name}': {n} images, {labels.Count} labels, {sampleIds?.Count ?? n} sample ids", nameof(labels));
        }

        var pixels = images.ToArray();
        foreach (var v in pixels)
        {
            if (!(v >= 0f && v <= 1f))
            {
                throw new ArgumentException($"attack '{Name}': pixels must lie in [0, 1] (normalisation belongs inside the model); found {v}", nameof(images));
            }
        }

        var ids = sampleIds?.ToArray() ?? Enumerable.Range(0, n).Select(i => (long)i).ToArray();
        using var oracle = new ModelOracle(model, shape[1], shape[2], shape[3]);
        var labelArray = labels.ToArray();
        var cleanCorrect = new bool[n];
        if (n > 0)
        {
            var clean = oracle.Logits(pixels, n);
            for (var i = 0; i < n; i++)
            {
                var label = labelArray[i];
                if ((uint)label >= (uint)oracle.Classes)
                {
                    throw new ArgumentException($"attack '{Name}': label {label} of sample {ids[i]} is outside the model's {oracle.Classes} classes", nameof(labels));
                }

                cleanCorrect[i] = LossFunctions.ArgMax(clean.AsSpan(i * oracle.Classes, oracle.Classes)) == label;
            }
        }

        var run = new AttackRun(oracle, Name, pixels, labelArray, ids, seed, cleanCorrect, Parameters.StopOnSuccess);
        if (n > 0 && Parameters.Eps > 0)
        {
            Perturb(run);
        }

        var predictions = new int[n];
        if (n > 0)
        {
            var logits = oracle.Logits(run.Adversarial, n);
            for (var i = 0; i < n; i++)
            {
                predictions[i] = LossFunctions.ArgMax(logits.AsSpan(i * oracle.Classes, oracle.Classes));
            }
        }

        return new AttackResult(Name, run.Adversarial, shape, cleanCorrect, predictions, labelArray, run.ZeroGradientSamples, run.NonFiniteGradientSamples, run.Warnings, oracle.ForwardImages, oracle.BackwardImages);
    }

    /// <summary>Writes adversarial images into <see cref="AttackRun.Adversarial"/>.</summary>
    internal abstract void Perturb(AttackRun run);
}
