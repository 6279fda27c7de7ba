using System.Numerics.Tensors;
using RobustGate.Engine.Imaging;

namespace RobustGate.Engine.Data;

/// <summary>
/// Turns 8-bit images into the float32 N x C x H x W batches models take, as torchvision's
/// ToTensor does: value = byte / 255 (a true division, so results equal PyTorch's bit for bit).
/// </summary>
public static class BatchConversion
{
    private static readonly float[] UnitLookup = Enumerable.Range(0, 256).Select(b => b / 255f).ToArray();

    /// <summary>Planar bytes (already C x H x W) to [0, 1] floats.</summary>
    public static void PlanarToUnit(ReadOnlySpan<byte> chw, Span<float> destination)
    {
        if (destination.Length < chw.Length)
        {
            throw new ArgumentException($"Destination holds {destination.Length} floats, {chw.Length} needed.", nameof(destination));
        }

        var target = destination[..chw.Length];
        TensorPrimitives.ConvertTruncating<byte, float>(chw, target);
        TensorPrimitives.Divide(target, 255f, target);
    }

    /// <summary>Interleaved H x W x C bytes to planar C x H x W [0, 1] floats.</summary>
    public static void InterleavedToPlanarUnit(ReadOnlySpan<byte> hwc, int channels, Span<float> destination)
    {
        if (channels == 1)
        {
            PlanarToUnit(hwc, destination);
            return;
        }

        int pixels = hwc.Length / channels;
        if (destination.Length < hwc.Length || pixels * channels != hwc.Length)
        {
            throw new ArgumentException($"Cannot deinterleave {hwc.Length} bytes of {channels} channels into {destination.Length} floats.", nameof(destination));
        }

        float[] lookup = UnitLookup;
        for (int c = 0; c < channels; c++)
        {
            var plane = destination.Slice(c * pixels, pixels);
            for (int p = 0, s = c; p < plane.Length; p++, s += channels)
            {
                plane[p] = lookup[hwc[s]];
            }
        }
    }

    /// <summary>One image into its C x H x W slot of a batch.</summary>
    public static void ImageToPlanarUnit(Image image, Span<float> destination)
    {
        ArgumentNullException.ThrowIfNull(image);
        InterleavedToPlanarUnit(image.Pixels, image.Channels, destination);
    }

    /// <summary>Images of one size to a new N x C x H x W batch; returns the data and its shape.</summary>
    public static (float[] Data, int[] Shape) ToBatch(IReadOnlyList<Image> images)
    {
        ArgumentNullException.ThrowIfNull(images);
        if (images.Count == 0)
        {
            throw new ArgumentException("A batch needs at least one image.", nameof(images));
        }

        var first = images[0];
        int size = first.Channels * first.Height * first.Width;
        var data = new float[checked(images.Count * size)];
        for (int i = 0; i < images.Count; i++)
        {
            var image = images[i];
            if (image.Width != first.Width || image.Height != first.Height || image.Channels != first.Channels)
            {
                throw new ArgumentException($"Image {i} is {image.Width}x{image.Height}x{image.Channels}, image 0 is {first.Width}x{first.Height}x{first.Channels}.", nameof(images));
            }

            ImageToPlanarUnit(image, data.AsSpan(i * size, size));
        }

        return (data, [images.Count, first.Channels, first.Height, first.Width]);
    }

    /// <summary>Loads the samples at <paramref name="indices"/> as a new batch with labels.</summary>
    public static (float[] Data, int[] Shape, int[] Labels) LoadBatch(IImageDataset dataset, ReadOnlySpan<int> indices)
    {
        ArgumentNullException.ThrowIfNull(dataset);
        var shape = dataset.Shape ?? throw new InvalidOperationException($"Images of {dataset.Name} vary in size; give the dataset a transform to a fixed size first.");
        var data = new float[checked(indices.Length * shape.ElementCount)];
        var labels = new int[indices.Length];
        dataset.FillBatch(indices, shape, data, labels);
        return (data, [indices.Length, shape.Channels, shape.Height, shape.Width], labels);
    }

    /// <summary>Labels as int64, the dtype PyTorch's cross-entropy takes.</summary>
    public static long[] ToInt64(ReadOnlySpan<int> labels)
    {
        var result = new long[labels.Length];
        for (int i = 0; i < labels.Length; i++)
        {
            result[i] = labels[i];
        }

        return result;
    }
}
