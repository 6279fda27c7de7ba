using System.Runtime.CompilerServices;
using RobustGate.Engine.Imaging;
using RobustGate.Engine.Randomness;

namespace RobustGate.Engine.Corruptions;

/// <summary>
/// ImageNet-C shot_noise: clip(Poisson(x·c) / c) per channel value, with numpy's legacy Poisson
/// (multiplication below λ = 10, PTRS above), so the number of draws depends on the pixels (spec §3.2).
/// </summary>
public sealed class ShotNoise : Corruption
{
    private static readonly SeverityTable<double> Table = new(
        [60, 25, 12, 5, 3],
        [500, 250, 100, 75, 50]);

    // Counts up to this many photons are turned into bytes by table (≈ 3× the largest λ of any
    // profile); larger draws, vanishingly rare, are converted directly.
    private const int TabulatedCounts = 2048;

    private readonly double[] _photons;

    // Per severity: the 256 levels' Poisson constants and the bytes of k / c, built on first use.
    private readonly (LevelPoissonSampler Sampler, byte[] Bytes)?[] _bySeverity = new (LevelPoissonSampler, byte[])?[5];

    public ShotNoise(CorruptionProfile profile)
        : base("shot_noise", CorruptionGroup.Noise, true, "Poisson photon noise, clip(Poisson(x·c) / c)")
    {
        _photons = Table.For(profile);
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    protected override Image ApplyRgb(Image rgb, int severity, NumpyRandom rng)
    {
        var c = _photons[severity - 1];
        var (sampler, bytes) = _bySeverity[severity - 1] ??= (new LevelPoissonSampler(c), CountBytes(c));
        var src = rgb.Pixels;
        using var countBuffer = new PooledBuffer<int>(src.Length);
        var counts = countBuffer.Span;
        sampler.SampleAll(src, rng, counts);
        var output = ImagePool.Rent(rgb.Width, rgb.Height, 3);
        var dst = output.Pixels;
        for (var i = 0; i < src.Length; i++)
        {
            var k = counts[i];
            dst[i] = (uint)k < TabulatedCounts ? bytes[k] : NoiseKernels.ToByte(k / c);
        }

        return output;
    }

    private static byte[] CountBytes(double photons)
    {
        var bytes = new byte[TabulatedCounts];
        for (var k = 0; k < bytes.Length; k++)
        {
            bytes[k] = NoiseKernels.ToByte(k / photons);
        }

        return bytes;
    }
}
