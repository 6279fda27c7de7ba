using RobustGate.Engine.Tensors;

namespace RobustGate.Engine.Training;

/// <summary>GoN "Gauss_single": x + N(0, σ²) per element, σ = 0.5 in [0,1] units by default.</summary>
public sealed class GaussianNoiseRecipe : PixelNoiseRecipe
{
    public const double DefaultSigma = 0.5;

    public GaussianNoiseRecipe(double sigma = DefaultSigma, double noiseFraction = 0.5)
        : base(noiseFraction)
    {
        Sigma = CheckSigmas([sigma], "--sigma")[0];
    }

    public override string Name => "gauss";

    public double Sigma { get; }

    protected override void AddNoise(Span<float> image, Generator random)
    {
        ArgumentNullException.ThrowIfNull(random);
        for (var k = 0; k < image.Length; k++)
        {
            image[k] += (float)(Sigma * random.NextNormal());
        }
    }
}
