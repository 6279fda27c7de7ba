using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using RobustGate.Engine.Imaging;
using RobustGate.Engine.Imaging.Filters;
using RobustGate.Engine.Randomness;

namespace RobustGate.Engine.Corruptions;

/// <summary>
/// ImageNet-C zoom_blur (spec §3.7): the mean of the image and its clipped zooms by every factor of
/// <c>np.arange(1, stop, step)</c> (the first is 1.0), in float32. The factors are numpy's:
/// 1 + i·((1 + step) − 1), count ceil((stop − 1)/step). imagecorruptions zooms rows and columns
/// separately; Hendrycks' generators use their square crop (square images only).
/// </summary>
public sealed class ZoomBlur : Corruption
{
    private static readonly SeverityTable<(double Stop, double Step)> Table = new(
        [(1.11, 0.01), (1.16, 0.01), (1.21, 0.02), (1.26, 0.02), (1.31, 0.03)],
        [(1.06, 0.01), (1.11, 0.01), (1.16, 0.01), (1.21, 0.01), (1.26, 0.01)]);

    private readonly double[][] _factors;
    private readonly bool _squareCrop;

    public ZoomBlur(CorruptionProfile profile)
        : base("zoom_blur", CorruptionGroup.Blur, false, "mean of clipped zooms about the centre")
    {
        _factors = Table.For(profile).Select(p => Arange(1.0, p.Stop, p.Step)).ToArray();
        _squareCrop = profile != CorruptionProfile.ImageCorruptions;
    }

    /// <summary>numpy's arange for floats: length ceil((stop − start)/step), values start + i·((start + step) − start).</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    internal static double[] Arange(double start, double stop, double step)
    {
        var count = (int)Math.Ceiling((stop - start) / step);
        var delta = (start + step) - start;
        var values = new double[count];
        for (var i = 0; i < count; i++)
        {
            values[i] = start + (i * delta);
        }

        return values;
    }

    /// <summary>sum += layer, in float32 (written out: library vector code would start unoptimised in a short benchmark).</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void AddInPlace(Span<float> sum, ReadOnlySpan<float> layer)
    {
        var i = 0;
        for (; i + Vector256<float>.Count <= sum.Length; i += Vector256<float>.Count)
        {
            var target = sum.Slice(i, Vector256<float>.Count);
            (Vector256.Create(target) + Vector256.Create(layer.Slice(i, Vector256<float>.Count))).CopyTo(target);
        }

        for (; i < sum.Length; i++)
        {
            sum[i] += layer[i];
        }
    }

    /// <summary>sum = (x + sum) / count, in float32, element by element.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void Average(ReadOnlySpan<float> x, Span<float> sum, float count)
    {
        var i = 0;
        var divisor = Vector256.Create(count);
        for (; i + Vector256<float>.Count <= sum.Length; i += Vector256<float>.Count)
        {
            var target = sum.Slice(i, Vector256<float>.Count);
            ((Vector256.Create(x.Slice(i, Vector256<float>.Count)) + Vector256.Create(target)) / divisor).CopyTo(target);
        }

        for (; i < sum.Length; i++)
        {
            sum[i] = (x[i] + sum[i]) / count;
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    protected override Image ApplyRgb(Image rgb, int severity, NumpyRandom rng)
    {
        int width = rgb.Width, height = rgb.Height;
        if (_squareCrop && width != height)
        {
            throw new InvalidInputException($"Corruption 'zoom_blur' (Hendrycks profiles): the generator's clipped zoom needs a square image, got {width}x{height}; use the imagecorruptions profile.");
        }

        var n = rgb.Pixels.Length;
        using var xBuffer = new PooledBuffer<float>(n);
        using var sumBuffer = new PooledBuffer<float>(n);
        using var layerBuffer = new PooledBuffer<float>(n);
        var x = xBuffer.Span;
        var sum = sumBuffer.Span;
        var layer = layerBuffer.Span;

        // (np.array(x) / 255.).astype(np.float32): divided in float64, then rounded to float32.
        var levels = NoiseKernels.UnitLevels;
        var src = rgb.Pixels;
        for (var i = 0; i < n; i++)
        {
            x[i] = (float)levels[src[i]];
        }

        sum.Clear();
        foreach (var factor in _factors[severity - 1])
        {
            if (_squareCrop)
            {
                ClippedZoom.Hendrycks(x, layer, width, 3, factor);
            }
            else
            {
                ClippedZoom.Imagecorruptions(x, layer, height, width, 3, factor);
            }

            AddInPlace(sum, layer);
        }

        float count = _factors[severity - 1].Length + 1;
        Average(x, sum, count);

        var output = ImagePool.Rent(width, height, 3);
        UnitPixels.StoreUnit(sum, output.Pixels);
        return output;
    }
}
