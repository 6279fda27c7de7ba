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
        ArgumentNullException.ThrowIfNull(image);
        ArgumentOutOfRangeException.ThrowIfLessThan(resizeTo, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(cropTo, 1);
        var (width, height) = ResizedSize(image.Width, image.Height, resizeTo);
        Image cropped;
        if ((width, height) != (image.Width, image.Height) && cropTo <= width && cropTo <= height)
        {
            // Resize + CenterCrop in one step: only the kept pixels are computed, with the same values.
            var (left, top) = CenterCropOffsets(width, height, cropTo, cropTo);
            cropped = Resample.ResizeRegion(image, width, height, ResampleFilter.Bilinear, left, top, cropTo, cropTo);
        }
        else
        {
            cropped = CenterCrop(Resize(image, resizeTo), cropTo, cropTo);
        }

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
        var (newW, newH) = ResizedSize(image.Width, image.Height, size);
        return (newW, newH) == (image.Width, image.Height) ? image : Resample.Resize(image, newW, newH, filter);
    }

    /// <summary>torchvision's output size for Resize(size): shorter side to size, longer side int(size * long / short).</summary>
    public static (int Width, int Height) ResizedSize(int width, int height, int size)
    {
        var shortSide = Math.Min(width, height);
        var longSide = Math.Max(width, height);
        if (shortSide == size)
        {
            return (width, height);
        }

        var newLong = (int)((double)((long)size * longSide) / shortSide);
        return width <= height ? (size, newLong) : (newLong, size);
    }

    /// <summary>torchvision's center_crop offsets: int(round((size - crop) / 2)), rounding half to even.</summary>
    public static (int Left, int Top) CenterCropOffsets(int width, int height, int cropWidth, int cropHeight) =>
        ((int)Math.Round((width - cropWidth) / 2.0, MidpointRounding.ToEven), (int)Math.Round((height - cropHeight) / 2.0, MidpointRounding.ToEven));

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

        var (left, top) = CenterCropOffsets(image.Width, image.Height, cropWidth, cropHeight);
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
