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

    private readonly double[] _photons;

    public ShotNoise(CorruptionProfile profile)
        : base("shot_noise", CorruptionGroup.Noise, true, "Poisson photon noise, clip(Poisson(x·c) / c)")
    {
        _photons = Table.For(profile);
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    protected override Image ApplyRgb(Image rgb, int severity, NumpyRandom rng)
    {
        var c = _photons[severity - 1];
        var sampler = new LevelPoissonSampler(c);
        var src = rgb.Pixels;
        var output = ImagePool.Rent(rgb.Width, rgb.Height, 3);
        var dst = output.Pixels;
        for (var i = 0; i < src.Length; i++)
        {
            var k = sampler.Sample(src[i], rng);
            dst[i] = NoiseKernels.ToByte(k / c);
        }

        return output;
    }
}
