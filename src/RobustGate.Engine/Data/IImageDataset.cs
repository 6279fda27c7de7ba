using RobustGate.Engine.Imaging;

namespace RobustGate.Engine.Data;

/// <summary>
/// A fixed, ordered collection of labelled 8-bit images. Implementations are safe to read from
/// several threads at once, and the same index always yields the same pixels.
/// </summary>
public interface IImageDataset
{
    /// <summary>Short identifier for reports, e.g. "fashion-mnist/test".</summary>
    string Name { get; }

    int Count { get; }

    int ClassCount { get; }

    /// <summary>Class names, index = label.</summary>
    IReadOnlyList<string> ClassNames { get; }

    /// <summary>Every sample's label, without decoding any image (for subsets and class counts).</summary>
    IReadOnlyList<int> Labels { get; }

    /// <summary>The size shared by every image, or null when sizes vary (decoded folders without a transform).</summary>
    ImageShape? Shape { get; }

    (Image Image, int Label) Get(int index);

    /// <summary>
    /// Writes the images at <paramref name="indices"/> as float32 N x C x H x W in [0, 1]
    /// (value = byte / 255, as torchvision's ToTensor) into <paramref name="destination"/>, and their
    /// labels into <paramref name="labels"/>. Every image must have <paramref name="shape"/>.
    /// </summary>
    void FillBatch(ReadOnlySpan<int> indices, ImageShape shape, Span<float> destination, Span<int> labels);

    /// <summary>One line for reports: what, where, how many, what size.</summary>
    string Describe();

    /// <summary>Lower-case hex SHA-256 identifying the content (see each implementation for what is hashed); computed once.</summary>
    string ContentHash();
}
