namespace RobustGate.Engine.Imaging;

/// <summary>
/// torchvision's PIL-path evaluation preprocessing (0.14): Resize(size) with the shorter side
/// scaled to <c>size</c> (PIL bilinear), CenterCrop with its rounding, ToTensor to float32 CHW
/// in [0, 1].
/// </summary>
public static class TorchvisionTransforms
{
    /// <summary>Resize(256) + CenterCrop(224) + ToTensor, with the sizes as parameters.</summary>
    public static float[] EvaluationTransform(Image image, int resizeTo = 256, int cropTo = 224)
    {
        var tensor = new float[image.Channels * cropTo * cropTo];
        EvaluationTransform(image, tensor, resizeTo, cropTo);
        return tensor;
    }

    /// <summary>Writes the transform into <paramref name="chw"/> (channels x crop x crop).</summary>
    public static void EvaluationTransform(Image image, Span<float> chw, int resizeTo = 256, int cropTo = 224)
    {
        var cropped = CenterCrop(Resize(image, resizeTo), cropTo, cropTo);
        ToTensor(cropped, chw);
    }

    /// <summary>
    /// Shorter side to <paramref name="size"/>; the longer side is int(size * long / short),
    /// truncated as torchvision computes it; no-op when the shorter side already matches.
    /// </summary>
    public static Image Resize(Image image, int size, ResampleFilter filter = ResampleFilter.Bilinear)
    {
        ArgumentNullException.ThrowIfNull(image);
        ArgumentOutOfRangeException.ThrowIfLessThan(size, 1);
        var (w, h) = (image.Width, image.Height);
        var shortSide = Math.Min(w, h);
        var longSide = Math.Max(w, h);
        if (shortSide == size)
        {
            return image;
        }

        var newLong = (int)((double)((long)size * longSide) / shortSide);
        var (newW, newH) = w <= h ? (size, newLong) : (newLong, size);
        return Resample.Resize(image, newW, newH, filter);
    }

    /// <summary>
    /// torchvision's center_crop: offsets int(round((size - crop) / 2)) with Python's
    /// half-to-even rounding; a crop larger than the image pads with zeros first, as torchvision does.
    /// </summary>
    public static Image CenterCrop(Image image, int cropWidth, int cropHeight)
    {
        ArgumentNullException.ThrowIfNull(image);
        ArgumentOutOfRangeException.ThrowIfLessThan(cropWidth, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(cropHeight, 1);
        if (cropWidth > image.Width || cropHeight > image.Height)
        {
            image = PadToAtLeast(image, cropWidth, cropHeight);
        }

        var top = (int)Math.Round((image.Height - cropHeight) / 2.0, MidpointRounding.ToEven);
        var left = (int)Math.Round((image.Width - cropWidth) / 2.0, MidpointRounding.ToEven);
        var channels = image.Channels;
        var result = new Image(cropWidth, cropHeight, channels);
        for (var y = 0; y < cropHeight; y++)
        {
            image.Row(top + y).Slice(left * channels, cropWidth * channels).CopyTo(result.Row(y));
        }

        return result;
    }

    /// <summary>ToTensor: HWC bytes to CHW float32, each value divided by 255 in float32.</summary>
    public static void ToTensor(Image image, Span<float> chw)
    {
        ArgumentNullException.ThrowIfNull(image);
        var plane = image.Width * image.Height;
        var channels = image.Channels;
        if (chw.Length != plane * channels)
        {
            throw new ArgumentException($"Expected a span of {plane * channels} floats, got {chw.Length}.", nameof(chw));
        }

        var pixels = image.Pixels;
        for (var c = 0; c < channels; c++)
        {
            var dst = chw.Slice(c * plane, plane);
            for (int i = 0, at = c; i < plane; i++, at += channels)
            {
                dst[i] = pixels[at] / 255f;
            }
        }
    }

    private static Image PadToAtLeast(Image image, int width, int height)
    {
        // torchvision pads (crop - size) // 2 before and the rest after.
        var newW = Math.Max(width, image.Width);
        var newH = Math.Max(height, image.Height);
        var left = (newW - image.Width) / 2;
        var top = (newH - image.Height) / 2;
        var channels = image.Channels;
        var padded = new Image(newW, newH, channels);
        for (var y = 0; y < image.Height; y++)
        {
            image.Row(y).CopyTo(padded.Row(top + y)[(left * channels)..]);
        }

        return padded;
    }
}
