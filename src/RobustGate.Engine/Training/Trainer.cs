using System.Diagnostics;
using System.Globalization;
using RobustGate.Engine.Autograd;
using RobustGate.Engine.Functional;
using RobustGate.Engine.Nn;
using RobustGate.Engine.Optim;
using RobustGate.Engine.Tensors;

namespace RobustGate.Engine.Training;

/// <summary>
/// Plain supervised training: per epoch, a seeded shuffle of the training set, mini-batches
/// through the model in train mode, mean cross-entropy, backward, one optimizer step per
/// batch (the last batch may be smaller), then test accuracy in eval mode without gradients.
/// The shuffle of epoch e is drawn from a generator seeded by (seed, e), so a run resumed from
/// a checkpoint at epoch e sees the same batches as an uninterrupted one. Results are
/// delivered through <see cref="IProgress{T}"/>; the engine prints nothing.
/// </summary>
public sealed class Trainer
{
    private const ulong EpochSeedStride = 0x9E3779B97F4A7C15UL;

    public Trainer(Module model, TrainerOptions options, ITrainingRecipe? recipe = null)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        Model = model;
        Options = options;
        Recipe = recipe ?? new StandardRecipe();
        _augmentation = options.CropPadding > 0 || options.HorizontalFlip || options.RandomResizedCrop
            ? new BasicAugmentation(options.CropPadding, options.HorizontalFlip, options.RandomResizedCrop)
            : null;
        var parameters = model.NamedParameters().ToList();
        Optimizer = options.Optimizer switch
        {
            OptimizerKind.Sgd => new SGD(parameters, options.LearningRate, options.Momentum, weightDecay: options.WeightDecay, nesterov: options.Nesterov),
            OptimizerKind.Adam => new Adam(parameters, options.LearningRate, weightDecay: options.WeightDecay),
            OptimizerKind.AdamW => new AdamW(parameters, options.LearningRate, weightDecay: options.WeightDecay),
            _ => throw new ConfigurationException($"unknown optimizer '{options.Optimizer}'."),
        };
        Scheduler = options.Schedule switch
        {
            ScheduleKind.Constant => null,
            ScheduleKind.Step => new StepLR(Optimizer, options.StepSize, options.Gamma),
            ScheduleKind.MultiStep => new MultiStepLR(Optimizer, options.Milestones, options.Gamma),
            ScheduleKind.Cosine => new CosineAnnealingLR(Optimizer, options.Epochs, 0, options.WarmupEpochs),
            _ => throw new ConfigurationException($"unknown schedule '{options.Schedule}'."),
        };
    }

    private readonly BasicAugmentation? _augmentation;

    public Module Model { get; }

    /// <summary>How batches are transformed before each classifier step (plain by default).</summary>
    public ITrainingRecipe Recipe { get; }

    public TrainerOptions Options { get; }

    public Optimizer Optimizer { get; }

    public LearningRateScheduler? Scheduler { get; }

    /// <summary>Epochs finished so far (restored by <see cref="ImportCheckpoint"/>).</summary>
    public int CompletedEpochs { get; private set; }

    /// <summary>
    /// Trains from <see cref="CompletedEpochs"/> up to <see cref="TrainerOptions.Epochs"/>,
    /// reporting each epoch's metrics; returns the records of the epochs run.
    /// </summary>
    public IReadOnlyList<EpochMetrics> Fit(IBatchSource train, IBatchSource? test = null, IProgress<EpochMetrics>? progress = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(train);
        if (train.Count == 0)
        {
            throw new InvalidInputException("the training set is empty.");
        }

        var (c, h, w) = train.SampleShape;
        var sampleSize = c * h * w;
        var batchPixels = new float[Options.BatchSize * sampleSize];
        var batchLabels = new int[Options.BatchSize];
        var order = new int[train.Count];
        var records = new List<EpochMetrics>();
        while (CompletedEpochs < Options.Epochs)
        {
            var epoch = CompletedEpochs;
            var clock = Stopwatch.StartNew();
            var learningRate = Optimizer.LearningRate;
            Shuffle(order, epoch);
            Recipe.BeginEpoch(new RecipeEpochContext(Model, epoch, (c, h, w), train, Options.BatchSize, Options.Seed));
            Model.Train();
            var batchIndex = 0;
            double lossSum = 0;
            long correct = 0;
            for (var start = 0; start < order.Length; start += Options.BatchSize)
            {
                cancellationToken.ThrowIfCancellationRequested();
                var n = Math.Min(Options.BatchSize, order.Length - start);
                train.FillBatch(order.AsSpan(start, n), batchPixels.AsSpan(0, n * sampleSize), batchLabels.AsSpan(0, n));
                _augmentation?.Apply(batchPixels.AsSpan(0, n * sampleSize), n, (c, h, w), new Generator(TrainingSeeds.For(Options.Seed, epoch, batchIndex, TrainingSeeds.Augmentation)));
                var random = new Generator(TrainingSeeds.For(Options.Seed, epoch, batchIndex, TrainingSeeds.Recipe));
                var context = new RecipeBatchContext(Model, epoch, batchIndex, (c, h, w), random);
                Recipe.PrepareBatch(context, batchPixels.AsSpan(0, n * sampleSize), batchLabels.AsSpan(0, n));
                batchIndex++;
                var (loss, hits) = Recipe is ILossRecipe lossRecipe
                    ? RecipeStep(lossRecipe, context, batchPixels.AsSpan(0, n * sampleSize), batchLabels.AsSpan(0, n))
                    : TrainStep(batchPixels.AsSpan(0, n * sampleSize), batchLabels.AsSpan(0, n), (c, h, w));
                lossSum += loss * n;
                correct += hits;
            }

            double? testAccuracy = test is null ? null : Evaluate(Model, test, Options.EvaluationBatchSize);
            Scheduler?.Step();
            CompletedEpochs++;
            var record = new EpochMetrics(epoch + 1, lossSum / order.Length, (double)correct / order.Length, testAccuracy, learningRate, clock.Elapsed.TotalSeconds);
            records.Add(record);
            progress?.Report(record);
        }

        return records;
    }

    /// <summary>
    /// One optimizer step on a batch in the model's current mode; returns the batch's mean loss
    /// and the number of correct top-1 predictions.
    /// </summary>
    public (double Loss, int Correct) TrainStep(ReadOnlySpan<float> pixels, ReadOnlySpan<int> labels, (int C, int H, int W) sampleShape)
    {
        using var input = Tensor.FromSpan(pixels, labels.Length, sampleShape.C, sampleShape.H, sampleShape.W);
        var logits = Model.Forward(input);
        var correct = CountCorrect(logits, labels);
        var loss = F.CrossEntropy(logits, labels.ToArray());
        var value = CheckedValue(loss);
        Optimizer.ZeroGrad();
        loss.Backward();
        Optimizer.Step();
        loss.Dispose();
        logits.Dispose();
        return (value, correct);
    }

    /// <summary>
    /// One optimizer step on the loss an <see cref="ILossRecipe"/> builds for the batch; the
    /// recipe's forward pass and graph live in a <see cref="TensorScope"/> that ends before the
    /// optimizer step, so its buffers go back to the pool every batch.
    /// </summary>
    private (double Loss, int Correct) RecipeStep(ILossRecipe recipe, RecipeBatchContext context, ReadOnlySpan<float> pixels, ReadOnlySpan<int> labels)
    {
        Optimizer.ZeroGrad();
        float value;
        int correct;
        using (new TensorScope())
        {
            var loss = recipe.ComputeLoss(context, pixels, labels, out correct);
            value = CheckedValue(loss);
            loss.Backward();
        }

        Optimizer.Step();
        return (value, correct);
    }

    private static float CheckedValue(Tensor loss)
    {
        var value = loss.Item();
        if (!float.IsFinite(value))
        {
            throw new InvalidOperationException(string.Create(CultureInfo.InvariantCulture, $"the training loss became {value}; lower the learning rate."));
        }

        return value;
    }

    /// <summary>Top-1 accuracy of <paramref name="model"/> on <paramref name="data"/> in eval mode without gradients; restores the model's mode.</summary>
    public static double Evaluate(Module model, IBatchSource data, int batchSize = 500)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(data);
        ArgumentOutOfRangeException.ThrowIfLessThan(batchSize, 1);
        if (data.Count == 0)
        {
            throw new InvalidInputException("the evaluation set is empty.");
        }

        var wasTraining = model.Training;
        model.Eval();
        try
        {
            using var noGrad = new NoGrad();
            var (c, h, w) = data.SampleShape;
            var sampleSize = c * h * w;
            var pixels = new float[batchSize * sampleSize];
            var labels = new int[batchSize];
            var indices = new int[batchSize];
            long correct = 0;
            for (var start = 0; start < data.Count; start += batchSize)
            {
                var n = Math.Min(batchSize, data.Count - start);
                for (var i = 0; i < n; i++)
                {
                    indices[i] = start + i;
                }

                data.FillBatch(indices.AsSpan(0, n), pixels.AsSpan(0, n * sampleSize), labels.AsSpan(0, n));
                using var input = Tensor.FromSpan(pixels.AsSpan(0, n * sampleSize), n, c, h, w);
                using var logits = model.Forward(input);
                correct += CountCorrect(logits, labels.AsSpan(0, n));
            }

            return (double)correct / data.Count;
        }
        finally
        {
            model.Train(wasTraining);
        }
    }

    /// <summary>
    /// Model weights, optimizer and scheduler state, the recipe's state (prefix "recipe.") and
    /// the epoch count, as one state dict. No generator state is needed: every random stream is
    /// re-derived from (seed, epoch, batch).
    /// </summary>
    public StateDict ExportCheckpoint()
    {
        var checkpoint = new StateDict();
        checkpoint.AddPrefixed("model.", Model.StateDict());
        checkpoint.AddPrefixed("optimizer.", Optimizer.ExportState());
        if (Scheduler is not null)
        {
            checkpoint.AddPrefixed("scheduler.", Scheduler.ExportState());
        }

        checkpoint.AddPrefixed("recipe.", Recipe.ExportState());
        checkpoint.Add("trainer.completed_epochs", StateEntry.Scalar((long)CompletedEpochs));
        return checkpoint;
    }

    /// <summary>Restores a checkpoint written by <see cref="ExportCheckpoint"/> (strict on the model's names).</summary>
    public void ImportCheckpoint(StateDict checkpoint, string? file = null)
    {
        ArgumentNullException.ThrowIfNull(checkpoint);
        if (!checkpoint.TryGet("trainer.completed_epochs", out var epochs) || epochs.DType != StateDType.Int64 || epochs.ElementCount != 1
            || epochs.Int64![0] < 0 || epochs.Int64[0] > Options.Epochs)
        {
            throw new InvalidInputException($"checkpoint: expected an int64 'trainer.completed_epochs' between 0 and {Options.Epochs}.", file);
        }

        Model.LoadStateDict(checkpoint.WithPrefix("model."), strict: true, file);
        Optimizer.ImportState(checkpoint.WithPrefix("optimizer."), file);
        Scheduler?.ImportState(checkpoint.WithPrefix("scheduler."));
        Recipe.ImportState(checkpoint.WithPrefix("recipe."), file);
        CompletedEpochs = (int)epochs.Int64[0];
    }

    /// <summary>Writes the model's weights as safetensors.</summary>
    public void SaveWeights(string path, IReadOnlyDictionary<string, string>? metadata = null) => Model.Save(path, metadata);

    private void Shuffle(int[] order, int epoch)
    {
        for (var i = 0; i < order.Length; i++)
        {
            order[i] = i;
        }

        var generator = new Generator(Options.Seed + ((ulong)(epoch + 1) * EpochSeedStride));
        for (var i = order.Length - 1; i > 0; i--)
        {
            var j = (int)generator.NextInt64(0, i + 1);
            (order[i], order[j]) = (order[j], order[i]);
        }
    }

    /// <summary>Top-1 hits of the first labels.Length rows of <paramref name="logits"/> (N×classes).</summary>
    internal static int CountCorrect(Tensor logits, ReadOnlySpan<int> labels)
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

            if (best == labels[i])
            {
                correct++;
            }
        }

        return correct;
    }
}
