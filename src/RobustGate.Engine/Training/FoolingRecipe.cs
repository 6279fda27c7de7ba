using RobustGate.Engine.Attacks;
using RobustGate.Engine.Nn;
using RobustGate.Engine.Tensors;

namespace RobustGate.Engine.Training;

/// <summary>
/// Fooling-image augmentation (spec §4): the first round(n·<see cref="Fraction"/>) images of each
/// batch are replaced by fooling images from <see cref="FoolingImageGenerator"/> (targeted
/// gradient ascent on a random wrong class's logit, generated against the current classifier in
/// eval mode) and trained with their true labels; the rest stay clean. Open choices, documented:
/// half the batch by default (the same clean/perturbed mix as the noise recipes); the learning
/// rate defaults to the report's 5 scaled to constant per-element RMS, 5·√(d/150528) (≈0.36 for
/// 1×28×28), and the iteration cap to 10 to bound the cost (the report's cap is 100); images that
/// are not fooled within the cap are used as they ended. Targets are seeded per batch.
/// </summary>
public sealed class FoolingRecipe : ITrainingRecipe
{
    /// <summary>The report's smallest learning rate, defined on 3×224×224 images.</summary>
    public const double ReferenceLearningRate = 5;

    public FoolingRecipe(double fraction = 0.5, double? learningRate = null, int maxIterations = 10)
    {
        if (!(fraction >= 0 && fraction <= 1))
        {
            throw new ConfigurationException($"--fooling-fraction: expected a number in [0, 1], got {fraction}.");
        }

        if (learningRate is { } lr && !(lr > 0 && double.IsFinite(lr)))
        {
            throw new ConfigurationException($"--fooling-lr: expected a positive number, got {lr}.");
        }

        if (maxIterations < 1)
        {
            throw new ConfigurationException($"--fooling-iterations: expected at least 1, got {maxIterations}.");
        }

        Fraction = fraction;
        LearningRate = learningRate;
        MaxIterations = maxIterations;
    }

    public string Name => "fooling";

    public double Fraction { get; }

    /// <summary>L2 step in [0,1] units; null = 5·√(d/150528).</summary>
    public double? LearningRate { get; }

    public int MaxIterations { get; }

    /// <summary>Success rate of the last batch's fooling images (NaN before any).</summary>
    public double LastSuccessRate { get; private set; } = double.NaN;

    public double LearningRateFor(int elements) => LearningRate ?? (ReferenceLearningRate * Math.Sqrt(elements / (3.0 * 224 * 224)));

    public void BeginEpoch(RecipeEpochContext context)
    {
    }

    public void PrepareBatch(RecipeBatchContext context, Span<float> pixels, ReadOnlySpan<int> labels)
    {
        ArgumentNullException.ThrowIfNull(context);
        var (c, h, w) = context.SampleShape;
        var d = c * h * w;
        var m = BatchSlices.Boundary(labels.Length, Fraction);
        if (m == 0)
        {
            return;
        }

        var model = context.Model;
        var wasTraining = model.Training;
        model.Eval();
        try
        {
            var generator = new FoolingImageGenerator(model, new FoolingOptions
            {
                LearningRate = LearningRateFor(d),
                MaxIterations = MaxIterations,
                Seed = context.Random.NextUInt64(),
            });
            using var images = Tensor.FromSpan(pixels[..(m * d)], m, c, h, w);
            var result = generator.Generate(images, labels[..m].ToArray());
            result.Images.AsSpan(0, m * d).CopyTo(pixels);
            LastSuccessRate = result.SuccessRate;
        }
        finally
        {
            model.Train(wasTraining);
        }
    }

    public StateDict ExportState() => new();

    public void ImportState(StateDict state, string? file)
    {
    }
}
