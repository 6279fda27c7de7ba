using System.Runtime.CompilerServices;

namespace RobustGate.Engine.Imaging.Filters;

/// <summary>
/// The corruptions' clipped_zoom (zoom_blur, snow): crop a centred window of about 1/z of the image,
/// zoom it by z with <see cref="ScipyZoom"/> (order 1) and keep an H×W part, so the result is the
/// image magnified about its centre. Two flavours (spec §2 P3); both write H×W×C into
/// <c>output</c> and agree at 224×224.
/// </summary>
public static class ClippedZoom
{
    /// <summary>
    /// imagecorruptions 1.1.2: rows and columns cropped separately (ceil(H/z), ceil(W/z), offsets
    /// (H−ch)//2 and (W−cw)//2), zoomed, and the caller's top-left H×W kept.
    /// </summary>
    public static void Imagecorruptions(ReadOnlySpan<float> image, Span<float> output, int height, int width, int channels, double factor)
    {
        var (rows, top, zoomedRows) = CropAxis(height, factor);
        var (columns, left, zoomedColumns) = CropAxis(width, factor);
        CheckFits(zoomedRows, zoomedColumns, height, width);
        ScipyZoom.Zoom(image, width, channels, top, left, rows, columns, zoomedRows, zoomedColumns, output, height, width);
    }

    /// <inheritdoc cref="Imagecorruptions(ReadOnlySpan{float}, Span{float}, int, int, int, double)"/>
    public static void Imagecorruptions(ReadOnlySpan<double> image, Span<double> output, int height, int width, int channels, double factor)
    {
        var (rows, top, zoomedRows) = CropAxis(height, factor);
        var (columns, left, zoomedColumns) = CropAxis(width, factor);
        CheckFits(zoomedRows, zoomedColumns, height, width);
        ScipyZoom.Zoom(image, width, channels, top, left, rows, columns, zoomedRows, zoomedColumns, output, height, width);
    }

    /// <summary>
    /// The published-ImageNet-C generator: a ceil(H/z) square cropped at ((H−ch)//2, (H−ch)//2) on
    /// both axes (it assumes a square image), zoomed, then the centred H×H window kept. Only
    /// square images are accepted, as only those give the generator's meaning.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void Hendrycks(ReadOnlySpan<double> image, Span<double> output, int size, int channels, double factor)
    {
        var (crop, top, zoomed) = CropAxis(size, factor);
        CheckFits(zoomed, zoomed, size, size);
        var trim = (zoomed - size) / 2;
        var fullSpan = ScratchBuffer.Doubles(5, (trim + size) * (trim + size) * channels).AsSpan(0, (trim + size) * (trim + size) * channels);
        ScipyZoom.Zoom(image, size, channels, top, top, crop, crop, zoomed, zoomed, fullSpan, trim + size, trim + size);
        var stride = (trim + size) * channels;
        for (var y = 0; y < size; y++)
        {
            fullSpan.Slice(((y + trim) * stride) + (trim * channels), size * channels).CopyTo(output.Slice(y * size * channels, size * channels));
        }
    }

    /// <inheritdoc cref="Hendrycks(ReadOnlySpan{double}, Span{double}, int, int, double)"/>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void Hendrycks(ReadOnlySpan<float> image, Span<float> output, int size, int channels, double factor)
    {
        var (crop, top, zoomed) = CropAxis(size, factor);
        CheckFits(zoomed, zoomed, size, size);
        var trim = (zoomed - size) / 2;
        var fullSpan = ScratchBuffer.Singles(0, (trim + size) * (trim + size) * channels).AsSpan(0, (trim + size) * (trim + size) * channels);
        ScipyZoom.Zoom(image, size, channels, top, top, crop, crop, zoomed, zoomed, fullSpan, trim + size, trim + size);
        var stride = (trim + size) * channels;
        for (var y = 0; y < size; y++)
        {
            fullSpan.Slice(((y + trim) * stride) + (trim * channels), size * channels).CopyTo(output.Slice(y * size * channels, size * channels));
        }
    }

    /// <summary>Crop length ceil(n/z), its offset (n − crop)//2 and the zoomed length round(crop·z).</summary>
    public static (int Crop, int Offset, int Zoomed) CropAxis(int length, double factor)
    {
        if (!(factor > 0) || double.IsInfinity(factor))
        {
            throw new ArgumentOutOfRangeException(nameof(factor), factor, "Zoom factor must be positive and finite.");
        }

        var crop = (int)Math.Ceiling(length / factor);
        var offset = FloorDiv(length - crop, 2);
        return (crop, offset, ScipyZoom.OutputLength(crop, factor));
    }

    private static int FloorDiv(int a, int b) => (int)Math.Floor((double)a / b);

    private static void CheckFits(int zoomedRows, int zoomedColumns, int height, int width)
    {
        if (zoomedRows < height || zoomedColumns < width)
        {
            throw new ArgumentOutOfRangeException(nameof(height), $"A zoom to {zoomedRows}x{zoomedColumns} does not cover {height}x{width}; clipped zoom needs a factor of at least 1.");
        }
    }
}
