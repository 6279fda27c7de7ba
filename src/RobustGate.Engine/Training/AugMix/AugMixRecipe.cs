using RobustGate.Engine.Functional;
using RobustGate.Engine.Nn;
using RobustGate.Engine.Tensors;

namespace RobustGate.Engine.Training.AugMix;

/// <summary>
/// AugMix training (spec §3): with the JSD loss, each batch of B images becomes [clean;
/// augmix₁; augmix₂] (3B images, one forward pass, so batch norm sees all of them), and the loss
/// is <see cref="JensenShannonLoss"/>; the reported accuracy is the clean third's. With
/// <see cref="AugMixOptions.Jsd"/> off, each image is replaced by one AugMix draw and the loss
/// is plain cross-entropy. The per-image generators are seeded from the batch's generator in
/// image order, so the batch is the same for any thread count and after --resume.
/// </summary>
public sealed class AugMixRecipe : ILossRecipe
{
    private float[] _views = [];
    private ulong[] _firstSeeds = [];
    private ulong[] _secondSeeds = [];

    public AugMixRecipe(AugMixOptions? options = null)
    {
        Mixer = new AugMixer(options ?? new AugMixOptions());
    }

    public string Name => "augmix";

    public AugMixOptions Options => Mixer.Options;

    public AugMixer Mixer { get; }

    public void BeginEpoch(RecipeEpochContext context)
    {
    }

    /// <summary>Nothing to do in place: <see cref="ComputeLoss"/> builds the views.</summary>
    public void PrepareBatch(RecipeBatchContext context, Span<float> pixels, ReadOnlySpan<int> labels)
    {
    }

    public Tensor ComputeLoss(RecipeBatchContext context, ReadOnlySpan<float> pixels, ReadOnlySpan<int> labels, out int correct)
    {
        ArgumentNullException.ThrowIfNull(context);
        var views = BuildViews(context, pixels, labels.Length);
        var (c, h, w) = context.SampleShape;
        var b = labels.Length;
        var d = c * h * w;
        var targets = labels.ToArray();
        // Not disposed here: backward still needs it; the trainer's TensorScope releases the graph.
        var input = Tensor.FromSpan(_views.AsSpan(0, views * b * d), views * b, c, h, w);
        var logits = context.Model.Forward(input);
        correct = Trainer.CountCorrect(logits, labels);
        return Options.Jsd ? JensenShannonLoss.Compute(logits, targets, (float)Options.JsdLambda) : F.CrossEntropy(logits, targets);
    }

    /// <summary>
    /// Writes the images the model sees for this batch into the recipe's buffer and returns how
    /// many views of each image there are (3 with JSD: clean, augmix, augmix; else 1: augmix).
    /// </summary>
    public int BuildViews(RecipeBatchContext context, ReadOnlySpan<float> pixels, int count)
    {
        ArgumentNullException.ThrowIfNull(context);
        var (c, h, w) = context.SampleShape;
        var d = c * h * w;
        if (pixels.Length != count * d)
        {
            throw new ArgumentException($"expected {count} images of {d} values, got {pixels.Length} values.", nameof(pixels));
        }

        var views = Options.Jsd ? 3 : 1;
        if (_views.Length < views * count * d)
        {
            _views = new float[views * count * d];
        }

        if (_firstSeeds.Length != count)
        {
            _firstSeeds = new ulong[count];
            _secondSeeds = new ulong[count];
        }

        // Seeds are drawn in image order, all first-view seeds before the second view's.
        for (var i = 0; i < count; i++)
        {
            _firstSeeds[i] = context.Random.NextUInt64();
        }

        if (Options.Jsd)
        {
            for (var i = 0; i < count; i++)
            {
                _secondSeeds[i] = context.Random.NextUInt64();
            }

            // The clean view is first; the mixer reads it from the same buffer.
            pixels.CopyTo(_views);
            Mixer.Mix(_views, 0, _views, count * d, (c, h, w), _firstSeeds);
            Mixer.Mix(_views, 0, _views, 2 * count * d, (c, h, w), _secondSeeds);
        }
        else
        {
            pixels.CopyTo(_views);
            Mixer.Mix(_views, 0, _views, 0, (c, h, w), _firstSeeds);
        }

        return views;
    }

    /// <summary>The buffer <see cref="BuildViews"/> wrote (views × count images, C×H×W each).</summary>
    public ReadOnlySpan<float> Views => _views;

    public StateDict ExportState() => new();

    public void ImportState(StateDict state, string? file)
    {
    }
}
