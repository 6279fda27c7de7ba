namespace RobustGate.Engine.Training;

/// <summary>
/// torchvision's RandomResizedCrop for training on ImageNet-size data, on one C×H×W float image in
/// place: a crop of area share U(0.08, 1) and aspect ratio exp(U(ln 3/4, ln 4/3)) — ten tries, then
/// the centre crop with the ratio clamped, exactly as torchvision's get_params — resized back to
/// H×W bilinearly with half-pixel centres (F.interpolate, align_corners=False). The crop never
/// exceeds the image, so the resize only enlarges and antialiasing (torchvision's default) changes
/// nothing. The images arrive already at the training size, so this crops within them; the
/// reference crops the full-resolution photo, which gives the same distribution of scales relative
/// to the object but from fewer source pixels.
/// </summary>
public static class RandomResizedCrop
{
    public const double MinScale = 0.08;
    public const double MaxScale = 1.0;
    public static readonly double MinRatio = 3.0 / 4.0;
    public static readonly double MaxRatio = 4.0 / 3.0;

    /// <summary>The crop (top, left, height, width) for an image of <paramref name="height"/>×<paramref name="width"/>.</summary>
    public static (int Top, int Left, int Height, int Width) SampleCrop(int height, int width, Tensors.Generator random)
    {
        ArgumentNullException.ThrowIfNull(random);
        double area = (double)height * width, logMin = Math.Log(MinRatio), logMax = Math.Log(MaxRatio);
        for (var attempt = 0; attempt < 10; attempt++)
        {
            var targetArea = area * (MinScale + ((MaxScale - MinScale) * random.NextDouble()));
            var ratio = Math.Exp(logMin + ((logMax - logMin) * random.NextDouble()));
            var w = (int)Math.Round(Math.Sqrt(targetArea * ratio), MidpointRounding.ToEven);
            var h = (int)Math.Round(Math.Sqrt(targetArea / ratio), MidpointRounding.ToEven);
            if (w > 0 && w <= width && h > 0 && h <= height)
            {
                var top = (int)random.NextInt64(0, height - h + 1);
                var left = (int)random.NextInt64(0, width - w + 1);
                return (top, left, h, w);
            }
        }

        var inRatio = (double)width / height;
        int cw = width, ch = height;
        if (inRatio < MinRatio)
        {
            ch = (int)Math.Round(cw / MinRatio, MidpointRounding.ToEven);
        }
        else if (inRatio > MaxRatio)
        {
            cw = (int)Math.Round(ch * MaxRatio, MidpointRounding.ToEven);
        }

        return ((height - ch) / 2, (width - cw) / 2, ch, cw);
    }

    /// <summary>Resizes the crop of <paramref name="source"/> (C×H×W) to H×W into <paramref name="destination"/>.</summary>
    public static void ResizeCrop(ReadOnlySpan<float> source, Span<float> destination, int channels, int height, int width, (int Top, int Left, int Height, int Width) crop)
    {
        var plane = height * width;
        if (source.Length < channels * plane || destination.Length < channels * plane)
        {
            throw new ArgumentException($"buffers hold {source.Length} and {destination.Length} values, expected {channels * plane}.");
        }

        double scaleY = (double)crop.Height / height, scaleX = (double)crop.Width / width;
        Span<int> x0 = width <= 1024 ? stackalloc int[width] : new int[width];
        Span<int> x1 = width <= 1024 ? stackalloc int[width] : new int[width];
        Span<float> fx = width <= 1024 ? stackalloc float[width] : new float[width];
        for (var x = 0; x < width; x++)
        {
            var sx = Math.Max(((x + 0.5) * scaleX) - 0.5, 0);
            var ix = Math.Min((int)sx, crop.Width - 1);
            x0[x] = crop.Left + ix;
            x1[x] = crop.Left + Math.Min(ix + 1, crop.Width - 1);
            fx[x] = (float)(sx - ix);
        }

        for (var y = 0; y < height; y++)
        {
            var sy = Math.Max(((y + 0.5) * scaleY) - 0.5, 0);
            var iy = Math.Min((int)sy, crop.Height - 1);
            int y0 = crop.Top + iy, y1 = crop.Top + Math.Min(iy + 1, crop.Height - 1);
            var fy = (float)(sy - iy);
            for (var c = 0; c < channels; c++)
            {
                var top = source.Slice((c * plane) + (y0 * width), width);
                var bottom = source.Slice((c * plane) + (y1 * width), width);
                var row = destination.Slice((c * plane) + (y * width), width);
                for (var x = 0; x < width; x++)
                {
                    var t = top[x0[x]] + ((top[x1[x]] - top[x0[x]]) * fx[x]);
                    var b = bottom[x0[x]] + ((bottom[x1[x]] - bottom[x0[x]]) * fx[x]);
                    row[x] = t + ((b - t) * fy);
                }
            }
        }
    }
}
