using RobustGate.Engine.Nn;
using RobustGate.Engine.Tensors;

namespace RobustGate.Engine.Training;

/// <summary>
/// Base of the GoN noise baselines (spec §1.5): the first round(n·<see cref="NoiseFraction"/>)
/// images of each batch get per-element noise in [0,1] pixel space and are clamped to [0,1];
/// the rest stay clean; labels are unchanged. The reference puts the noisy half last; batches
/// are shuffled, so putting it first (as ANT does) changes nothing but keeps one convention.
/// </summary>
public abstract class PixelNoiseRecipe : ITrainingRecipe
{
    protected PixelNoiseRecipe(double noiseFraction)
    {
        if (!(noiseFraction >= 0 && noiseFraction <= 1))
        {
            throw new ConfigurationException($"--noise-fraction: expected a number in [0, 1], got {noiseFraction}.");
        }

        NoiseFraction = noiseFraction;
    }

    public abstract string Name { get; }

    /// <summary>Share of each batch that gets noise (the reference's 1 − p_clean = 0.5).</summary>
    public double NoiseFraction { get; }

    public void BeginEpoch(RecipeEpochContext context)
    {
    }

    public void PrepareBatch(RecipeBatchContext context, Span<float> pixels, ReadOnlySpan<int> labels)
    {
        ArgumentNullException.ThrowIfNull(context);
        var (c, h, w) = context.SampleShape;
        var d = c * h * w;
        var noisy = BatchSlices.Boundary(labels.Length, NoiseFraction);
        for (var i = 0; i < noisy; i++)
        {
            var image = pixels.Slice(i * d, d);
            AddNoise(image, context.SampleShape, context.Random);
            for (var k = 0; k < image.Length; k++)
            {
                image[k] = Math.Clamp(image[k], 0f, 1f);
            }
        }
    }

    public StateDict ExportState() => new();

    public void ImportState(StateDict state, string? file)
    {
    }

    /// <summary>Adds this recipe's noise to one image of <paramref name="shape"/> (clamping follows).</summary>
    protected abstract void AddNoise(Span<float> image, (int C, int H, int W) shape, Generator random);

    /// <summary>One σ drawn uniformly from <paramref name="sigmas"/> (the per-image severity).</summary>
    protected static double Pick(IReadOnlyList<double> sigmas, Generator random)
    {
        ArgumentNullException.ThrowIfNull(sigmas);
        ArgumentNullException.ThrowIfNull(random);
        return sigmas[(int)random.NextInt64(0, sigmas.Count)];
    }

    protected static IReadOnlyList<double> CheckSigmas(IReadOnlyList<double> sigmas, string option)
    {
        ArgumentNullException.ThrowIfNull(sigmas);
        if (sigmas.Count == 0 || sigmas.Any(s => !(s >= 0) || !double.IsFinite(s)))
        {
            throw new ConfigurationException($"{option}: expected one or more non-negative numbers, got [{string.Join(", ", sigmas)}].");
        }

        return [.. sigmas];
    }
}
