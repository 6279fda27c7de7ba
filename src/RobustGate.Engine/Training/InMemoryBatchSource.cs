namespace RobustGate.Engine.Training;

/// <summary>A batch source over float32 NCHW pixels and int labels held in memory.</summary>
public sealed class InMemoryBatchSource : IBatchSource
{
    private readonly float[] _pixels;
    private readonly int[] _labels;
    private readonly int _sampleSize;

    public InMemoryBatchSource(float[] pixels, int[] labels, int channels, int height, int width)
    {
        ArgumentNullException.ThrowIfNull(pixels);
        ArgumentNullException.ThrowIfNull(labels);
        ArgumentOutOfRangeException.ThrowIfLessThan(channels, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(height, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(width, 1);
        _sampleSize = channels * height * width;
        if ((long)labels.Length * _sampleSize != pixels.Length)
        {
            throw new ArgumentException($"{labels.Length} labels of {channels}x{height}x{width} samples need {(long)labels.Length * _sampleSize} pixels; got {pixels.Length}.", nameof(pixels));
        }

        _pixels = pixels;
        _labels = labels;
        SampleShape = (channels, height, width);
    }

    public int Count => _labels.Length;

    public (int Channels, int Height, int Width) SampleShape { get; }

    public void FillBatch(ReadOnlySpan<int> indices, Span<float> pixels, Span<int> labels)
    {
        for (var i = 0; i < indices.Length; i++)
        {
            var index = indices[i];
            _pixels.AsSpan(index * _sampleSize, _sampleSize).CopyTo(pixels.Slice(i * _sampleSize, _sampleSize));
            labels[i] = _labels[index];
        }
    }
}
