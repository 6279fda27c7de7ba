using RobustGate.Engine.Tensors;

namespace RobustGate.Engine.Training;

/// <summary>
/// GoN "Speckle": x + x·n, n ~ N(0, σ²), σ drawn per image from ImageNet-C's speckle_noise
/// severities {0.15, 0.2, 0.35, 0.45, 0.6}.
/// </summary>
public sealed class SpeckleNoiseRecipe : PixelNoiseRecipe
{
    public static IReadOnlyList<double> DefaultSigmas { get; } = [0.15, 0.2, 0.35, 0.45, 0.6];

    public SpeckleNoiseRecipe(IReadOnlyList<double>? sigmas = null, double noiseFraction = 0.5)
        : base(noiseFraction)
    {
        Sigmas = CheckSigmas(sigmas ?? DefaultSigmas, "--sigmas");
    }

    public override string Name => "speckle";

    public IReadOnlyList<double> Sigmas { get; }

    protected override void AddNoise(Span<float> image, Generator random)
    {
        var sigma = Pick(Sigmas, random);
        for (var k = 0; k < image.Length; k++)
        {
            image[k] += (float)(image[k] * sigma * random.NextNormal());
        }
    }
}
