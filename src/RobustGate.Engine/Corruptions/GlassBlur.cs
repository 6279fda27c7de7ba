using System.Runtime.CompilerServices;
using RobustGate.Engine.Imaging;
using RobustGate.Engine.Imaging.Filters;
using RobustGate.Engine.Randomness;

namespace RobustGate.Engine.Corruptions;

/// <summary>
/// ImageNet-C glass_blur (spec §3.5): Gaussian blur, truncation to 8 bits, the local pixel
/// "shuffle" — rows from H−δ down to δ+1, columns likewise, iterations outermost, one
/// <c>randint(−δ, δ, size=2)</c> (dx, then dy) per visited pixel — and a second blur. The reference's
/// tuple swap on numpy views is in fact a copy ((h, w) ← (h+dy, w+dx), the source unchanged), and
/// that is what is reproduced. Hendrycks hard-codes the loop bounds to the dataset size; for images
/// of that size both agree, and other sizes use their real height and width as imagecorruptions does.
/// </summary>
public sealed class GlassBlur : Corruption
{
    private static readonly SeverityTable<(double Sigma, int Delta, int Iterations)> Table = new(
        [(0.7, 1, 2), (0.9, 2, 1), (1, 2, 3), (1.1, 3, 2), (1.5, 4, 2)],
        [(0.05, 1, 1), (0.25, 1, 1), (0.4, 1, 1), (0.25, 1, 2), (0.4, 1, 2)]);

    private readonly (double Sigma, int Delta, int Iterations)[] _parameters;

    public GlassBlur(CorruptionProfile profile)
        : base("glass_blur", CorruptionGroup.Blur, true, "blur, local pixel shuffle, blur")
    {
        _parameters = Table.For(profile);
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    protected override Image ApplyRgb(Image rgb, int severity, NumpyRandom rng)
    {
        var (sigma, delta, iterations) = _parameters[severity - 1];
        int width = rgb.Width, height = rgb.Height;
        var n = rgb.Pixels.Length;
        using var x = new PooledBuffer<double>(n);
        using var shuffled = new PooledBuffer<byte>(n);
        var values = x.Span;
        var bytes = shuffled.Span;

        UnitPixels.Load(rgb.Pixels, values);
        SkimageGaussian.Apply(values, values, height, width, 3, sigma);
        for (var i = 0; i < n; i++)
        {
            // np.uint8(gaussian(...) * 255): no clipping, plain truncation.
            bytes[i] = (byte)(int)(values[i] * 255.0);
        }

        Shuffle(bytes, width, height, delta, iterations, rng);

        UnitPixels.Load(bytes, values);
        SkimageGaussian.Apply(values, values, height, width, 3, sigma);
        var output = ImagePool.Rent(width, height, 3);
        UnitPixels.StoreUnit(values, output.Pixels);
        return output;
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void Shuffle(Span<byte> pixels, int width, int height, int delta, int iterations, NumpyRandom rng)
    {
        var mask = NumpyRandom.MaskFor((uint)((2 * delta) - 1));
        var limit = (uint)((2 * delta) - 1);
        for (var it = 0; it < iterations; it++)
        {
            for (var h = height - delta; h > delta; h--)
            {
                for (var w = width - delta; w > delta; w--)
                {
                    var dx = DrawOffset(rng, mask, limit, delta);
                    var dy = DrawOffset(rng, mask, limit, delta);
                    var target = ((h * width) + w) * 3;
                    var source = (((h + dy) * width) + w + dx) * 3;
                    pixels[target] = pixels[source];
                    pixels[target + 1] = pixels[source + 1];
                    pixels[target + 2] = pixels[source + 2];
                }
            }
        }
    }

    // randint(-delta, delta) inlined: masked rejection on the range 2·delta − 1.
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static int DrawOffset(NumpyRandom rng, uint mask, uint limit, int delta)
    {
        uint v;
        do
        {
            v = rng.NextUInt32() & mask;
        }
        while (v > limit);
        return (int)v - delta;
    }
}
