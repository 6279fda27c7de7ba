namespace RobustGate.Engine.Overlap;

/// <summary>
/// What an overlap experiment trains and evaluates. Every model gets the same architecture, seed
/// (hence the same initial weights and batch order), epochs, optimizer and training subset; only
/// the recipe differs. Evaluation is <c>check</c>'s: clean plus every corruption at
/// <see cref="Severities"/>, corruption seeds derived from <see cref="Seed"/>.
/// </summary>
public sealed record OverlapSettings
{
    public required string Arch { get; init; }

    /// <summary>A dataset spec (e.g. <c>fashion-mnist</c>): its train split trains, its test split evaluates.</summary>
    public required string Data { get; init; }

    public required IReadOnlyList<string> Corruptions { get; init; }

    public int Epochs { get; init; } = 1;

    /// <summary>Train on a seeded, class-stratified subset of this many images (null: all).</summary>
    public int? Limit { get; init; }

    /// <summary>Evaluate on a seeded, class-stratified subset of this many test images (null: all).</summary>
    public int? EvalLimit { get; init; }

    public ulong Seed { get; init; }

    public int BatchSize { get; init; } = 64;

    /// <summary>Adam's learning rate.</summary>
    public double LearningRate { get; init; } = 1e-3;

    /// <summary>Corruption profile name as <c>check</c> takes it (auto, cifar, imagecorruptions, imagenet-c).</summary>
    public string Profile { get; init; } = "auto";

    /// <summary>Share of each training batch that is corrupted for the m_c models (the reference's 50/50 mix).</summary>
    public double CorruptedFraction { get; init; } = 0.5;

    public IReadOnlyList<int> Severities { get; init; } = [1, 2, 3, 4, 5];
}
