namespace RobustGate.Engine.Training;

/// <summary>
/// Labelled samples the trainer can gather into float32 NCHW [0,1] batches by index.
/// Implementations must return the same pixels for the same index every time.
/// </summary>
public interface IBatchSource
{
    int Count { get; }

    /// <summary>Shape of one sample (channels, height, width).</summary>
    (int Channels, int Height, int Width) SampleShape { get; }

    /// <summary>Writes samples <paramref name="indices"/> (NCHW) and their labels.</summary>
    void FillBatch(ReadOnlySpan<int> indices, Span<float> pixels, Span<int> labels);
}
