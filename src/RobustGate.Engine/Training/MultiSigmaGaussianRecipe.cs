using RobustGate.Engine.Tensors;

namespace RobustGate.Engine.Training;

/// <summary>
/// GoN "Gauss_mult": Gaussian noise whose σ is drawn per image from ImageNet-C's
/// gaussian_noise severities {0.08, 0.12, 0.18, 0.26, 0.38} (per-element σ, so no rescaling for
/// small images).
/// </summary>
public sealed class MultiSigmaGaussianRecipe : PixelNoiseRecipe
{
    public static IReadOnlyList<double> DefaultSigmas { get; } = [0.08, 0.12, 0.18, 0.26, 0.38];

    public MultiSigmaGaussianRecipe(IReadOnlyList<double>? sigmas = null, double noiseFraction = 0.5)
        : base(noiseFraction)
    {
        Sigmas = CheckSigmas(sigmas ?? DefaultSigmas, "--sigmas");
    }

    public override string Name => "gauss-mult";

    public IReadOnlyList<double> Sigmas { get; }

    protected override void AddNoise(Span<float> image, Generator random)
    {
        var sigma = Pick(Sigmas, random);
        for (var k = 0; k < image.Length; k++)
        {
            image[k] += (float)(sigma * random.NextNormal());
        }
    }
}
