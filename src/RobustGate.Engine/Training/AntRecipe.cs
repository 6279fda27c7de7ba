using System.Globalization;
using RobustGate.Engine.Autograd;
using RobustGate.Engine.Functional;
using RobustGate.Engine.Nn;
using RobustGate.Engine.Optim;
using RobustGate.Engine.Tensors;

namespace RobustGate.Engine.Training;

/// <summary>
/// Adversarial Noise Training (spec §1). At the start of every epoch a brand-new noise
/// generator (NG) is trained against the frozen classifier for <see cref="AntOptions.RetrainSteps"/>
/// batches (Adam 5e-4), replaces the jointly trained one (with a fresh Adam 1e-4) and is added
/// to the replay pool — so, as in the reference, the pool already holds the current epoch's
/// generator. Every batch then does, strictly 1:1: one NG step on the clean batch (classifier in
/// eval mode, loss −CE), then builds the mixed batch without gradients: the first
/// round(n·p_current) images get noise from the current NG, then slices of width p_history each
/// get noise from a replayed generator (the pool shuffled per batch, taken in order, wrapping
/// when the pool is smaller than the number of slices), until the noisy share 1 − p_clean is
/// reached; the rest stay clean. In epoch 0 there is no replay and the current NG fills the whole
/// noisy share. All noise is applied with <see cref="FixedL2Projection"/> at the generator's
/// own ε. Open choices: re-training batches are drawn uniformly with replacement from the
/// training set (the reference iterates a shuffled loader); the classifier's parameters are
/// frozen (no gradient computed) during NG steps, which changes nothing but cost.
/// <para>
/// ANT+SIN (with a <see cref="StylizedImageSource"/>): after the noise slices are filled, the last
/// round(n·<see cref="AntOptions.StylizedFraction"/>) images are overwritten with stylized images
/// (see the source for how they are drawn); the NG step before still sees the clean batch.
/// </para>
/// <para>
/// Diagnostics (spec §1.6, the cheap part): the re-training records the NG's loss (the
/// classifier's CE under its noise) and fooling rate (share of noisy images misclassified),
/// averaged over its last tenth of steps, so they describe the generator that is kept;
/// <see cref="AccuracyUnderNoise"/> measures the classifier under the current NG on held-out
/// images. The median distance to the boundary (a 50-step line search per image) is left out.
/// </para>
/// </summary>
public sealed class AntRecipe : ITrainingRecipe
{
    private readonly List<StateDict> _history = [];
    private readonly FixedL2Projection _projection = new();
    private NoiseGenerator? _current;
    private Adam? _optimizer;
    private NoiseGenerator? _replay;
    private float[] _retrainPixels = [];
    private int[] _retrainLabels = [];
    private int[] _retrainIndices = [];

    /// <param name="options">ANT settings.</param>
    /// <param name="stylized">ANT+SIN's stylized images, loaded at the training shape; null for plain ANT.</param>
    public AntRecipe(AntOptions options, StylizedImageSource? stylized = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        Options = options;
        Stylized = stylized;
    }

    public string Name => (Options.Kind == NoiseGeneratorKind.ThreeByThree ? "ant3x3" : "ant") + (Stylized is null ? string.Empty : "+sin");

    /// <summary>The stylized images mixed in (ANT+SIN), or null.</summary>
    public StylizedImageSource? Stylized { get; }

    public AntOptions Options { get; }

    /// <summary>The generator used for the current epoch (null before the first epoch).</summary>
    public NoiseGenerator? CurrentGenerator => _current;

    /// <summary>Generators in the replay pool, oldest first.</summary>
    public int HistoryCount => _history.Count;

    /// <summary>The last NG loss (−CE) of the re-training, NaN if none ran.</summary>
    public double LastRetrainLoss { get; private set; } = double.NaN;

    /// <summary>What this epoch's generator re-training reached; null when none ran (or after a resume).</summary>
    public AntRetrainDiagnostics? LastRetrain { get; private set; }

    public void BeginEpoch(RecipeEpochContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var (c, h, w) = context.SampleShape;
        if (Stylized is not null && Stylized.Shape != new Data.ImageShape(c, h, w))
        {
            throw new InvalidOperationException($"the stylized images must be loaded at the training shape {c}x{h}x{w} before training (StylizedImageSource.Load).");
        }

        var epsilon = Options.EpsilonFor(c, h, w);
        if (_current is null || Options.RetrainSteps > 0)
        {
            var fresh = new NoiseGenerator(Options.Kind, c, epsilon, new Generator(TrainingSeeds.For(context.Seed, context.Epoch, 0, TrainingSeeds.NoiseGeneratorInit)));
            if (Options.RetrainSteps > 0)
            {
                Retrain(context, fresh);
            }

            _current = fresh;
            _optimizer = new Adam(fresh.NamedParameters(), Options.GeneratorLearningRate);
        }

        _history.Add(_current.StateDict());
        if (_history.Count > Options.HistorySize)
        {
            _history.RemoveAt(0);
        }
    }

    public void PrepareBatch(RecipeBatchContext context, Span<float> pixels, ReadOnlySpan<int> labels)
    {
        ArgumentNullException.ThrowIfNull(context);
        if (_current is null || _optimizer is null)
        {
            throw new InvalidOperationException("AntRecipe.BeginEpoch must run before the first batch.");
        }

        var n = labels.Length;
        GeneratorStep(context.Model, _current, _optimizer, pixels, labels, context.SampleShape, context.Random);

        using (new NoGrad())
        {
            AddNoiseSlices(context, pixels, n);
        }

        if (Stylized is not null)
        {
            Stylized.Fill(pixels, labels, n - BatchSlices.Boundary(n, Options.StylizedFraction), context.Random);
        }
    }

    /// <summary>
    /// Accuracy of <paramref name="model"/> (eval mode, no gradients) on the first
    /// <paramref name="count"/> images of <paramref name="heldOut"/> with noise from the current
    /// generator at its ε, the noise seeded by <paramref name="seed"/>; NaN before the first epoch.
    /// </summary>
    public double AccuracyUnderNoise(Module model, IBatchSource heldOut, int count, ulong seed)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(heldOut);
        if (_current is null || heldOut.Count == 0 || count < 1)
        {
            return double.NaN;
        }

        var m = Math.Min(count, heldOut.Count);
        var shape = heldOut.SampleShape;
        var pixels = new float[m * shape.Channels * shape.Height * shape.Width];
        var labels = new int[m];
        heldOut.FillBatch(Enumerable.Range(0, m).ToArray(), pixels, labels);
        var wasTraining = model.Training;
        model.Eval();
        try
        {
            using var noGrad = new NoGrad();
            AddNoise(_current, pixels, shape, new Generator(seed));
            using var input = Tensor.FromSpan(pixels, m, shape.Channels, shape.Height, shape.Width);
            using var logits = model.Forward(input);
            return (double)CountCorrect(logits, labels) / m;
        }
        finally
        {
            model.Train(wasTraining);
        }
    }

    private void AddNoiseSlices(RecipeBatchContext context, Span<float> pixels, int n)
    {
        var (c, h, w) = context.SampleShape;
        var d = c * h * w;
        var noisyShare = 1 - Options.CleanFraction;
        if (context.Epoch == 0)
        {
            AddNoise(_current!, pixels[..(BatchSlices.Boundary(n, noisyShare) * d)], context.SampleShape, context.Random);
            return;
        }

        var currentEnd = BatchSlices.Boundary(n, Options.CurrentFraction);
        AddNoise(_current!, pixels[..(currentEnd * d)], context.SampleShape, context.Random);
        if (Options.HistoryFraction <= 0 || _history.Count == 0)
        {
            return;
        }

        var order = Enumerable.Range(0, _history.Count).ToArray();
        for (var i = order.Length - 1; i > 0; i--)
        {
            var j = (int)context.Random.NextInt64(0, i + 1);
            (order[i], order[j]) = (order[j], order[i]);
        }

        var fraction = Options.CurrentFraction;
        for (var slice = 0; fraction < noisyShare - 0.001; slice++)
        {
            var end = Math.Min(fraction + Options.HistoryFraction, noisyShare);
            var (a, b) = (BatchSlices.Boundary(n, fraction), BatchSlices.Boundary(n, end));
            fraction = end;
            if (b <= a)
            {
                continue;
            }

            var state = _history[order[slice % order.Length]];
            _replay ??= new NoiseGenerator(Options.Kind, c, 0, new Generator(0));
            _replay.LoadStateDict(state);
            AddNoise(_replay, pixels[(a * d)..(b * d)], context.SampleShape, context.Random);
        }
    }

    /// <summary>
    /// Current generator ("current."), its Adam state ("optimizer."), the pool ("history.{i}.")
    /// and its size ("history_count").
    /// </summary>
    public StateDict ExportState()
    {
        var state = new StateDict();
        state.Add("history_count", StateEntry.Scalar((long)_history.Count));
        if (_current is null || _optimizer is null)
        {
            return state;
        }

        state.AddPrefixed("current.", _current.StateDict());
        state.AddPrefixed("optimizer.", _optimizer.ExportState());
        for (var i = 0; i < _history.Count; i++)
        {
            state.AddPrefixed(string.Create(CultureInfo.InvariantCulture, $"history.{i}."), _history[i]);
        }

        return state;
    }

    public void ImportState(StateDict state, string? file)
    {
        ArgumentNullException.ThrowIfNull(state);
        if (!state.TryGet("history_count", out var countEntry) || countEntry.DType != StateDType.Int64 || countEntry.ElementCount != 1 || countEntry.Int64![0] < 0)
        {
            throw new InvalidInputException("checkpoint: expected an int64 'recipe.history_count' (an ANT checkpoint).", file);
        }

        var current = state.WithPrefix("current.");
        _history.Clear();
        if (current.Count == 0)
        {
            _current = null;
            _optimizer = null;
            return;
        }

        if (!current.TryGet("conv1.weight", out var conv1) || conv1.Shape.Count != 4)
        {
            throw new InvalidInputException("checkpoint: expected 'recipe.current.conv1.weight' [20, C, 1, 1].", file);
        }

        var generator = new NoiseGenerator(Options.Kind, conv1.Shape[1], 0, new Generator(0));
        generator.LoadStateDict(current, strict: true, file);
        var optimizer = new Adam(generator.NamedParameters(), Options.GeneratorLearningRate);
        optimizer.ImportState(state.WithPrefix("optimizer."), file);
        var count = (int)countEntry.Int64[0];
        for (var i = 0; i < count; i++)
        {
            var entry = state.WithPrefix(string.Create(CultureInfo.InvariantCulture, $"history.{i}."));
            _replay ??= new NoiseGenerator(Options.Kind, conv1.Shape[1], 0, new Generator(0));
            _replay.LoadStateDict(entry, strict: true, file);
            _history.Add(entry);
        }

        _current = generator;
        _optimizer = optimizer;
    }

    private void Retrain(RecipeEpochContext context, NoiseGenerator fresh)
    {
        var (c, h, w) = context.SampleShape;
        var d = c * h * w;
        var batch = Math.Min(context.BatchSize, context.Train.Count);
        if (_retrainIndices.Length != batch || _retrainPixels.Length != batch * d)
        {
            _retrainIndices = new int[batch];
            _retrainLabels = new int[batch];
            _retrainPixels = new float[batch * d];
        }

        var optimizer = new Adam(fresh.NamedParameters(), Options.RetrainLearningRate);
        var random = new Generator(TrainingSeeds.For(context.Seed, context.Epoch, 0, TrainingSeeds.NoiseGeneratorRetrain));

        // The last tenth of the steps describes the generator that is kept, not its start.
        var tallyFrom = Options.RetrainSteps - Math.Max(1, Options.RetrainSteps / 10);
        double lossSum = 0;
        long fooled = 0, seen = 0;
        for (var step = 0; step < Options.RetrainSteps; step++)
        {
            for (var i = 0; i < batch; i++)
            {
                _retrainIndices[i] = (int)random.NextInt64(0, context.Train.Count);
            }

            context.Train.FillBatch(_retrainIndices, _retrainPixels, _retrainLabels);
            var (loss, correct) = GeneratorStep(context.Model, fresh, optimizer, _retrainPixels, _retrainLabels, context.SampleShape, random);
            LastRetrainLoss = loss;
            if (step >= tallyFrom)
            {
                lossSum -= loss * batch;
                fooled += batch - correct;
                seen += batch;
            }
        }

        LastRetrain = new AntRetrainDiagnostics(lossSum / seen, (double)fooled / seen, Options.RetrainSteps);
    }

    /// <summary>One NG step maximising the classifier's CE on the noisy batch; returns the NG loss (−CE) and the correct predictions under the noise.</summary>
    private (double Loss, int Correct) GeneratorStep(Module model, NoiseGenerator generator, Adam optimizer, ReadOnlySpan<float> pixels, ReadOnlySpan<int> labels, (int C, int H, int W) shape, Generator random)
    {
        var wasTraining = model.Training;
        var frozen = model.Parameters().Where(p => p.RequiresGrad).ToList();
        model.Eval();
        foreach (var p in frozen)
        {
            p.RequiresGrad = false;
        }

        try
        {
            var n = labels.Length;
            using var clean = Tensor.FromSpan(pixels[..(n * shape.C * shape.H * shape.W)], n, shape.C, shape.H, shape.W);
            var delta = generator.Generate(random, n, shape.H, shape.W);
            var noisy = _projection.Apply(clean, delta, generator.Epsilon);
            var logits = model.Forward(noisy);
            var correct = CountCorrect(logits, labels);
            var loss = F.CrossEntropy(logits, labels.ToArray()) * -1f;
            var value = loss.Item();
            optimizer.ZeroGrad();
            loss.Backward();
            optimizer.Step();
            loss.Dispose();
            return (value, correct);
        }
        finally
        {
            foreach (var p in frozen)
            {
                p.RequiresGrad = true;
            }

            model.Train(wasTraining);
        }
    }

    private static int CountCorrect(Tensor logits, ReadOnlySpan<int> labels)
    {
        var values = logits.ReadOnlySpan;
        var classes = logits.Size(1);
        var correct = 0;
        for (var i = 0; i < labels.Length; i++)
        {
            var row = values.Slice(i * classes, classes);
            var best = 0;
            for (var k = 1; k < classes; k++)
            {
                if (row[k] > row[best])
                {
                    best = k;
                }
            }

            correct += best == labels[i] ? 1 : 0;
        }

        return correct;
    }

    private void AddNoise(NoiseGenerator generator, Span<float> pixels, (int C, int H, int W) shape, Generator random)
    {
        var d = shape.C * shape.H * shape.W;
        var m = pixels.Length / d;
        if (m == 0)
        {
            return;
        }

        using var clean = Tensor.FromSpan(pixels, m, shape.C, shape.H, shape.W);
        using var delta = generator.Generate(random, m, shape.H, shape.W);
        using var noisy = _projection.Apply(clean, delta, generator.Epsilon);
        noisy.ReadOnlySpan.CopyTo(pixels);
    }
}
