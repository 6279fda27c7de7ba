using RobustGate.Engine.Imaging;

namespace RobustGate.Engine.Data;

/// <summary>What <see cref="DatasetSpec.Open"/> needs beyond the spec text.</summary>
public sealed record DatasetOpenOptions
{
    /// <summary>Train or test part, for datasets that have both (default: test).</summary>
    public DatasetSplit Split { get; init; } = DatasetSplit.Test;

    /// <summary>Seed of the synthetic dataset (the train split adds one so the parts differ).</summary>
    public ulong Seed { get; init; }

    /// <summary>Decodes an image file; required for imagefolder, imagenet-val and imagenet-c.</summary>
    public Func<string, Image>? Decoder { get; init; }

    /// <summary>Applied to each decoded image (e.g. resize + centre crop).</summary>
    public Func<Image, Image>? Transform { get; init; }

    /// <summary>The size <see cref="Transform"/> produces, when it is fixed.</summary>
    public ImageShape? Shape { get; init; }
}
