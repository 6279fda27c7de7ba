namespace RobustGate.Engine.Training;

/// <summary>
/// Settings of a plain supervised run. The defaults are the smallcnn/Fashion-MNIST recipe:
/// Adam at 1e-3 (PyTorch's default), batch 64, 2 epochs, cosine decay stepped per epoch (so a
/// 2-epoch run trains at 1e-3, then 5e-4).
/// </summary>
public sealed record TrainerOptions
{
    public int Epochs { get; init; } = 2;

    public int BatchSize { get; init; } = 64;

    /// <summary>Batch size for the per-epoch test evaluation (no gradients, so it can be larger).</summary>
    public int EvaluationBatchSize { get; init; } = 500;

    /// <summary>Seeds the shuffling; the same seed gives the same run bit for bit.</summary>
    public ulong Seed { get; init; }

    public OptimizerKind Optimizer { get; init; } = OptimizerKind.Adam;

    public double LearningRate { get; init; } = 1e-3;

    /// <summary>SGD momentum (ignored by Adam/AdamW).</summary>
    public double Momentum { get; init; } = 0.9;

    public bool Nesterov { get; init; }

    /// <summary>L2 weight decay for SGD/Adam, decoupled decay for AdamW.</summary>
    public double WeightDecay { get; init; }

    public ScheduleKind Schedule { get; init; } = ScheduleKind.Cosine;

    public int StepSize { get; init; } = 30;

    public double Gamma { get; init; } = 0.1;

    public IReadOnlyList<int> Milestones { get; init; } = [];

    public int WarmupEpochs { get; init; }

    /// <summary>Random-crop augmentation: pad by this many zero pixels per side, crop back at a random offset (0 = off).</summary>
    public int CropPadding { get; init; }

    /// <summary>Random horizontal flip with probability 1/2.</summary>
    public bool HorizontalFlip { get; init; }

    /// <summary>torchvision RandomResizedCrop (scale 0.08–1, ratio 3/4–4/3) before crop/flip; for ImageNet-size data.</summary>
    public bool RandomResizedCrop { get; init; }

    public void Validate()
    {
        if (Epochs < 1)
        {
            throw new ConfigurationException($"epochs must be at least 1, got {Epochs}.");
        }

        if (BatchSize < 1 || EvaluationBatchSize < 1)
        {
            throw new ConfigurationException($"batch sizes must be at least 1, got {BatchSize} (train) and {EvaluationBatchSize} (evaluation).");
        }

        if (!(LearningRate > 0) || !double.IsFinite(LearningRate))
        {
            throw new ConfigurationException($"the learning rate must be a positive number, got {LearningRate}.");
        }

        if (WeightDecay < 0 || Momentum < 0)
        {
            throw new ConfigurationException("momentum and weight decay must not be negative.");
        }

        if (CropPadding < 0)
        {
            throw new ConfigurationException($"crop padding must not be negative, got {CropPadding}.");
        }

        if (Schedule == ScheduleKind.Cosine && WarmupEpochs >= Epochs)
        {
            throw new ConfigurationException($"warmup epochs ({WarmupEpochs}) must be fewer than epochs ({Epochs}).");
        }
    }
}
