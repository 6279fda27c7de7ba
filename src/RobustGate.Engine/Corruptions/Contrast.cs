using System.Runtime.CompilerServices;
using RobustGate.Engine.Imaging;
using RobustGate.Engine.Randomness;

namespace RobustGate.Engine.Corruptions;

/// <summary>
/// ImageNet-C contrast: clip((x − μ)·c + μ) with μ the per-channel mean over the image (spec §3.12).
/// The mean is summed pixel by pixel in row order, as numpy's <c>mean(axis=(0, 1))</c> does for an
/// H×W×3 array (its pairwise summation only applies along a contiguous reduced axis; checked against numpy).
/// </summary>
public sealed class Contrast : Corruption
{
    private static readonly SeverityTable<double> Table = new(
        [0.4, 0.3, 0.2, 0.1, 0.05],
        [0.75, 0.5, 0.4, 0.3, 0.15]);

    private readonly double[] _factors;

    public Contrast(CorruptionProfile profile)
        : base("contrast", CorruptionGroup.Digital, false, "contrast reduction towards the per-channel mean")
    {
        _factors = Table.For(profile);
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    protected override Image ApplyRgb(Image rgb, int severity, NumpyRandom rng)
    {
        var c = _factors[severity - 1];
        var src = rgb.Pixels;
        var levels = NoiseKernels.UnitLevels;
        double s0 = 0, s1 = 0, s2 = 0;
        for (var i = 0; i < src.Length; i += 3)
        {
            s0 += levels[src[i]];
            s1 += levels[src[i + 1]];
            s2 += levels[src[i + 2]];
        }

        double count = rgb.Width * rgb.Height;
        Span<double> means = [s0 / count, s1 / count, s2 / count];

        // Only 256 inputs per channel: tabulate the 3 x 256 outputs instead of computing per pixel.
        Span<byte> lut = stackalloc byte[3 * 256];
        for (var ch = 0; ch < 3; ch++)
        {
            for (var v = 0; v < 256; v++)
            {
                lut[(ch * 256) + v] = NoiseKernels.ToByte(((levels[v] - means[ch]) * c) + means[ch]);
            }
        }

        var output = ImagePool.Rent(rgb.Width, rgb.Height, 3);
        var dst = output.Pixels;
        for (var i = 0; i < src.Length; i += 3)
        {
            dst[i] = lut[src[i]];
            dst[i + 1] = lut[256 + src[i + 1]];
            dst[i + 2] = lut[512 + src[i + 2]];
        }

        return output;
    }
}
