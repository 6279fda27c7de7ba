using RobustGate.Engine.Data;

namespace RobustGate.Engine.Training;

/// <summary>Feeds an <see cref="IImageDataset"/> with a fixed image size to the trainer.</summary>
public sealed class DatasetBatchSource : IBatchSource
{
    private readonly IImageDataset _dataset;
    private readonly ImageShape _shape;

    public DatasetBatchSource(IImageDataset dataset)
    {
        ArgumentNullException.ThrowIfNull(dataset);
        _dataset = dataset;
        _shape = dataset.Shape
            ?? throw new ConfigurationException($"dataset {dataset.Name}: training needs images of one size; add a resize transform.");
    }

    public int Count => _dataset.Count;

    public (int Channels, int Height, int Width) SampleShape => (_shape.Channels, _shape.Height, _shape.Width);

    public void FillBatch(ReadOnlySpan<int> indices, Span<float> pixels, Span<int> labels) =>
        _dataset.FillBatch(indices, _shape, pixels, labels);
}
