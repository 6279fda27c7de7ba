using RobustGate.Engine.Tensors;

namespace RobustGate.Engine.Training;

/// <summary>
/// GoN "Gauss_mult": Gaussian noise whose σ is drawn per image from the benchmark's
/// gaussian_noise severities — ImageNet-C's {0.08, 0.12, 0.18, 0.26, 0.38} as in the reference,
/// or CIFAR-10-C's {0.04, 0.06, 0.08, 0.09, 0.10} for small images (<see cref="SmallImageNoise"/>).
/// </summary>
public sealed class MultiSigmaGaussianRecipe : PixelNoiseRecipe
{
    public static IReadOnlyList<double> DefaultSigmas { get; } = [0.08, 0.12, 0.18, 0.26, 0.38];

    /// <param name="sigmas">Per-image σ choices; null picks the default for the image size.</param>
    /// <param name="noiseFraction">Share of each batch that gets noise.</param>
    public MultiSigmaGaussianRecipe(IReadOnlyList<double>? sigmas = null, double noiseFraction = 0.5)
        : base(noiseFraction)
    {
        Sigmas = sigmas is null ? null : CheckSigmas(sigmas, "--sigmas");
    }

    public override string Name => "gauss-mult";

    /// <summary>The σ list asked for, or null for the size-dependent default.</summary>
    public IReadOnlyList<double>? Sigmas { get; }

    /// <summary>The σ choices used on images of <paramref name="height"/>×<paramref name="width"/>.</summary>
    public IReadOnlyList<double> SigmasFor(int height, int width) =>
        Sigmas ?? (SmallImageNoise.IsSmall(height, width) ? SmallImageNoise.CifarGaussianSigmas : DefaultSigmas);

    protected override void AddNoise(Span<float> image, (int C, int H, int W) shape, Generator random)
    {
        var sigma = Pick(SigmasFor(shape.H, shape.W), random);
        for (var k = 0; k < image.Length; k++)
        {
            image[k] += (float)(sigma * random.NextNormal());
        }
    }
}
