using System.Runtime.CompilerServices;
using RobustGate.Engine.Imaging;
using RobustGate.Engine.Imaging.Filters;
using RobustGate.Engine.Randomness;

namespace RobustGate.Engine.Corruptions;

/// <summary>
/// ImageNet-C spatter (extra, spec §3.18): a normal(μ, σ) liquid field, smoothed (skimage gaussian)
/// and thresholded. Water mode (severities 1–3): an embossed, equalised distance-to-edge map of the
/// field (OpenCV Canny, distanceTransform, box filters, equalizeHist, filter2D) tints the image pale
/// turquoise RGB (175, 238, 238). Mud mode (4–5): where the smoothed mask reaches 0.8 the image is
/// replaced by brown (63, 42, 20). Float32 arithmetic as the reference.
/// </summary>
public sealed class Spatter : Corruption
{
    private static readonly SeverityTable<SpatterParameters> Table = new(
        [
            new(0.65, 0.3, 4, 0.69, 0.6, false),
            new(0.65, 0.3, 3, 0.68, 0.6, false),
            new(0.65, 0.3, 2, 0.68, 0.5, false),
            new(0.65, 0.3, 1, 0.65, 1.5, true),
            new(0.67, 0.4, 1, 0.65, 1.5, true),
        ],
        [
            new(0.62, 0.1, 0.7, 0.7, 0.5, false),
            new(0.65, 0.1, 0.8, 0.7, 0.5, false),
            new(0.65, 0.3, 1, 0.69, 0.5, false),
            new(0.65, 0.1, 0.7, 0.69, 0.6, true),
            new(0.65, 0.1, 0.5, 0.68, 0.6, true),
        ]);

    private static readonly int[] EmbossKernel = [-2, -1, 0, -1, 1, 1, 0, 1, 2];

    private readonly SpatterParameters[] _parameters;
    private readonly bool _mudColourInDouble;

    public Spatter(CorruptionProfile profile)
        : base("spatter", CorruptionGroup.Extra, true, "water or mud spatter from a thresholded random field")
    {
        _parameters = Table.For(profile);

        // imagecorruptions builds the mud colour from a uint8 array (float64 result), the
        // generators from the float32 image (float32 result); the final sum follows.
        _mudColourInDouble = profile == CorruptionProfile.ImageCorruptions;
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    protected override Image ApplyRgb(Image rgb, int severity, NumpyRandom rng)
    {
        var p = _parameters[severity - 1];
        int width = rgb.Width, height = rgb.Height, pixels = width * height;
        using var liquidBuffer = new PooledBuffer<double>(pixels);
        var liquid = liquidBuffer.Span;
        rng.FillNormal(liquid, p.Mean, p.Deviation);
        SkimageGaussian.Apply(liquid, liquid, height, width, 1, p.BlurSigma);
        for (var i = 0; i < pixels; i++)
        {
            if (liquid[i] < p.Threshold)
            {
                liquid[i] = 0;
            }
        }

        using var xBuffer = new PooledBuffer<float>(pixels * 3);
        var x = xBuffer.Span;
        UnitPixels.Load(rgb.Pixels, x);
        var output = ImagePool.Rent(width, height, 3);
        if (p.Mud)
        {
            Mud(x, liquid, height, width, p, _mudColourInDouble, output.Pixels);
        }
        else
        {
            Water(x, liquid, height, width, p, output.Pixels);
        }

        return output;
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void Water(ReadOnlySpan<float> x, ReadOnlySpan<double> liquid, int height, int width, SpatterParameters p, Span<byte> output)
    {
        var pixels = height * width;
        // Pooled working arrays (fresh large arrays are slow to touch); each is fully written before it is read.
        using var levelBuffer = new PooledBuffer<byte>(pixels);
        var level = levelBuffer.Span;
        for (var i = 0; i < pixels; i++)
        {
            level[i] = (byte)(int)(liquid[i] * 255);
        }

        using var edgesBuffer = new PooledBuffer<byte>(pixels);
        var edges = edgesBuffer.Span;
        OpenCvCanny.Apply(level, edges, height, width, 50, 150);
        for (var i = 0; i < pixels; i++)
        {
            edges[i] = (byte)(255 - edges[i]);
        }

        using var distanceBuffer = new PooledBuffer<float>(pixels);
        var distance = distanceBuffer.Span;
        OpenCvDistanceTransform.Chamfer5(edges, distance, height, width);
        for (var i = 0; i < pixels; i++)
        {
            distance[i] = Math.Min(distance[i], 20f);
        }

        using var smoothedBuffer = new PooledBuffer<float>(pixels);
        var smoothed = smoothedBuffer.Span;
        OpenCvBoxBlur.Apply(distance, smoothed, height, width, 1, 3);
        using var mapBuffer = new PooledBuffer<byte>(pixels);
        var map = mapBuffer.Span;
        for (var i = 0; i < pixels; i++)
        {
            map[i] = (byte)(int)smoothed[i];
        }

        using var equalisedBuffer = new PooledBuffer<byte>(pixels);
        var equalised = equalisedBuffer.Span;
        OpenCvEqualizeHist.Apply(map, equalised);
        using var embossedBuffer = new PooledBuffer<byte>(pixels);
        var embossed = embossedBuffer.Span;
        OpenCvFilter2DBytes.Apply(equalised, embossed, height, width, 1, EmbossKernel, 3, 3);
        OpenCvBoxBlur.Apply(embossed, map, height, width, 1, 3);

        using var maskBuffer = new PooledBuffer<float>(pixels);
        var mask = maskBuffer.Span;
        var max = float.NegativeInfinity;
        for (var i = 0; i < pixels; i++)
        {
            mask[i] = level[i] * (float)map[i];
            max = MathF.Max(max, mask[i]);
        }

        var intensity = (float)p.Intensity;
        ReadOnlySpan<float> color = [(float)(175 / 255.0), (float)(238 / 255.0), (float)(238 / 255.0)];
        for (var i = 0; i < pixels; i++)
        {
            var m = mask[i] / max * intensity;
            for (var c = 0; c < 3; c++)
            {
                var v = Math.Clamp(x[(i * 3) + c] + (m * color[c]), 0f, 1f) * 255f;
                output[(i * 3) + c] = (byte)(int)v;
            }
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void Mud(ReadOnlySpan<float> x, ReadOnlySpan<double> liquid, int height, int width, SpatterParameters p, bool colourInDouble, Span<byte> output)
    {
        var pixels = height * width;
        using var maskBuffer = new PooledBuffer<float>(pixels);
        var mask = maskBuffer.Span;
        for (var i = 0; i < pixels; i++)
        {
            mask[i] = liquid[i] > p.Threshold ? 1f : 0f;
        }

        SkimageGaussian.Apply(mask, mask, height, width, 1, p.Intensity);
        ReadOnlySpan<double> color = [63 / 255.0, 42 / 255.0, 20 / 255.0];
        for (var i = 0; i < pixels; i++)
        {
            var m = mask[i] < 0.8f ? 0f : mask[i];
            for (var c = 0; c < 3; c++)
            {
                var scene = x[(i * 3) + c] * (1f - m);
                output[(i * 3) + c] = colourInDouble
                    ? NoiseKernels.ToByte(scene + (color[c] * m))
                    : (byte)(int)(Math.Clamp(scene + ((float)color[c] * m), 0f, 1f) * 255f);
            }
        }
    }

    /// <summary>Intensity is the colour strength in water mode and the mask blur sigma in mud mode.</summary>
    private readonly record struct SpatterParameters(double Mean, double Deviation, double BlurSigma, double Threshold, double Intensity, bool Mud);
}
