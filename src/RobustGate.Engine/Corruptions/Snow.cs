using System.Runtime.CompilerServices;
using RobustGate.Engine.Imaging;
using RobustGate.Engine.Imaging.Filters;
using RobustGate.Engine.Randomness;
using MotionBlurFilter = RobustGate.Engine.Imaging.Filters.MotionBlur;

namespace RobustGate.Engine.Corruptions;

/// <summary>
/// ImageNet-C snow (spec §3.8): a normal(μ, σ) field per pixel, clipped zoom, threshold, a motion
/// streak at <c>uniform(−135, −45)</c>°, added twice (as is and rotated 180°) to a whitened image.
/// imagecorruptions blurs the untrimmed zoomed float layer with its numpy streak, rounds it to
/// 8 bits and crops the top-left H×W; Hendrycks' generators trim the zoom, truncate the layer to
/// 8 bits and streak it with ImageMagick.
/// </summary>
public sealed class Snow : Corruption
{
    private static readonly SeverityTable<SnowParameters> Table = new(
        [
            new(0.1, 0.3, 3, 0.5, 10, 4, 0.8),
            new(0.2, 0.3, 2, 0.5, 12, 4, 0.7),
            new(0.55, 0.3, 4, 0.9, 12, 8, 0.7),
            new(0.55, 0.3, 4.5, 0.85, 12, 8, 0.65),
            new(0.55, 0.3, 2.5, 0.85, 12, 12, 0.55),
        ],
        [
            new(0.1, 0.2, 1, 0.6, 8, 3, 0.95),
            new(0.1, 0.2, 1, 0.5, 10, 4, 0.9),
            new(0.15, 0.3, 1.75, 0.55, 10, 4, 0.9),
            new(0.25, 0.3, 2.25, 0.6, 12, 6, 0.85),
            new(0.3, 0.3, 1.25, 0.65, 14, 12, 0.8),
        ]);

    private readonly SnowParameters[] _parameters;
    private readonly bool _hendrycks;

    public Snow(CorruptionProfile profile)
        : base("snow", CorruptionGroup.Weather, true, profile == CorruptionProfile.ImageCorruptions
            ? "snow layer streaked with imagecorruptions' numpy motion blur"
            : "snow layer streaked with ImageMagick motion blur (Hendrycks generator)")
    {
        _parameters = Table.For(profile);
        _hendrycks = profile != CorruptionProfile.ImageCorruptions;
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    protected override Image ApplyRgb(Image rgb, int severity, NumpyRandom rng)
    {
        var p = _parameters[severity - 1];
        int width = rgb.Width, height = rgb.Height, pixels = width * height;
        if (_hendrycks && width != height)
        {
            throw new InvalidInputException($"Corruption 'snow' (Hendrycks profiles): the generator's clipped zoom needs a square image, got {width}x{height}; use the imagecorruptions profile.");
        }

        using var fieldBuffer = new PooledBuffer<double>(pixels);
        rng.FillNormal(fieldBuffer.Span, p.Mean, p.Deviation);
        using var layerBuffer = new PooledBuffer<double>(pixels);
        var layer = layerBuffer.Span;
        if (_hendrycks)
        {
            HendrycksLayer(fieldBuffer.Span, layer, width, p, rng);
        }
        else
        {
            ImageCorruptionsLayer(fieldBuffer.Span, layer, height, width, p, rng);
        }

        using var xBuffer = new PooledBuffer<float>(pixels * 3);
        var x = xBuffer.Span;
        UnitPixels.Load(rgb.Pixels, x);
        var blend = (float)p.Blend;
        var rest = (float)(1 - p.Blend);
        var output = ImagePool.Rent(width, height, 3);
        var dst = output.Pixels;
        for (var i = 0; i < pixels; i++)
        {
            var o = i * 3;
            float r = x[o], g = x[o + 1], b = x[o + 2];

            // cv2.cvtColor(RGB2GRAY) on float32: (R·0.299 + G·0.587) + B·0.114 in float32.
            var gray = (r * 0.299f) + (g * 0.587f) + (b * 0.114f);
            var whitened = (gray * 1.5f) + 0.5f;
            for (var c = 0; c < 3; c++)
            {
                var v = x[o + c];
                var scene = (blend * v) + (rest * MathF.Max(v, whitened));
                var sum = ((double)scene + layer[i]) + layer[pixels - 1 - i];
                dst[o + c] = NoiseKernels.ToByte(sum);
            }
        }

        return output;
    }

    /// <summary>imagecorruptions: untrimmed zoom, threshold, clip, numpy streak on the full layer, round to 8 bits, top-left crop.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void ImageCorruptionsLayer(ReadOnlySpan<double> field, Span<double> layer, int height, int width, SnowParameters p, NumpyRandom rng)
    {
        var (rows, top, zoomedRows) = ClippedZoom.CropAxis(height, p.Zoom);
        var (columns, left, zoomedColumns) = ClippedZoom.CropAxis(width, p.Zoom);
        var zoomedCount = zoomedRows * zoomedColumns;
        using var zoomedBuffer = new PooledBuffer<double>(zoomedCount);
        using var blurredBuffer = new PooledBuffer<double>(zoomedCount);
        var zoomed = zoomedBuffer.Span;
        ScipyZoom.Zoom(field, width, 1, top, left, rows, columns, zoomedRows, zoomedColumns, zoomed, zoomedRows, zoomedColumns);
        for (var i = 0; i < zoomedCount; i++)
        {
            var v = zoomed[i] < p.Threshold ? 0.0 : zoomed[i];
            zoomed[i] = Math.Clamp(v, 0.0, 1.0);
        }

        var angle = rng.Uniform(-135, -45);
        MotionBlurFilter.Imagecorruptions(zoomed, zoomedRows, zoomedColumns, 1, p.BlurRadius, p.BlurSigma, angle, blurredBuffer.Span);
        var blurred = blurredBuffer.Span;
        var rowsKept = Math.Min(height, zoomedRows);
        var columnsKept = Math.Min(width, zoomedColumns);
        layer.Clear();
        for (var y = 0; y < rowsKept; y++)
        {
            for (var x = 0; x < columnsKept; x++)
            {
                // np.round(v * 255).astype(np.uint8) / 255.
                var v = Math.Round(blurred[(y * zoomedColumns) + x] * 255, MidpointRounding.ToEven);
                layer[(y * width) + x] = (byte)(int)v / 255.0;
            }
        }
    }

    /// <summary>Hendrycks: trimmed square zoom, threshold, 8-bit truncation, ImageMagick streak, /255.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void HendrycksLayer(ReadOnlySpan<double> field, Span<double> layer, int size, SnowParameters p, NumpyRandom rng)
    {
        var pixels = size * size;
        using var zoomedBuffer = new PooledBuffer<double>(pixels);
        using var grayBuffer = new PooledBuffer<byte>(pixels);
        using var streakBuffer = new PooledBuffer<byte>(pixels);
        var zoomed = zoomedBuffer.Span;
        ClippedZoom.Hendrycks(field, zoomed, size, 1, p.Zoom);
        var gray = grayBuffer.Span;
        for (var i = 0; i < pixels; i++)
        {
            var v = zoomed[i] < p.Threshold ? 0.0 : zoomed[i];
            gray[i] = (byte)(int)(Math.Clamp(v, 0.0, 1.0) * 255);
        }

        var angle = rng.Uniform(-135, -45);
        ImageMagickMotionBlur.Apply(gray, size, size, 1, p.BlurRadius, p.BlurSigma, angle, streakBuffer.Span);
        var streak = streakBuffer.Span;
        for (var i = 0; i < pixels; i++)
        {
            layer[i] = streak[i] / 255.0;
        }
    }

    private readonly record struct SnowParameters(double Mean, double Deviation, double Zoom, double Threshold, int BlurRadius, double BlurSigma, double Blend);
}
