using RobustGate.Engine.Tensors;

namespace RobustGate.Engine.Training;

/// <summary>
/// GoN "Gauss_single": x + N(0, σ²) per element. Default σ: the reference's 0.5 in [0,1] units,
/// or 0.5·0.10/0.38 ≈ 0.13 for small images (<see cref="SmallImageNoise"/>).
/// </summary>
public sealed class GaussianNoiseRecipe : PixelNoiseRecipe
{
    public const double DefaultSigma = 0.5;

    /// <param name="sigma">σ in [0,1] units; null picks the default for the image size.</param>
    /// <param name="noiseFraction">Share of each batch that gets noise.</param>
    public GaussianNoiseRecipe(double? sigma = null, double noiseFraction = 0.5)
        : base(noiseFraction)
    {
        Sigma = sigma is { } s ? CheckSigmas([s], "--sigma")[0] : null;
    }

    public override string Name => "gauss";

    /// <summary>The σ asked for, or null for the size-dependent default.</summary>
    public double? Sigma { get; }

    /// <summary>The σ used on images of <paramref name="height"/>×<paramref name="width"/>.</summary>
    public double SigmaFor(int height, int width) => Sigma ?? SmallImageNoise.Strength(DefaultSigma, height, width);

    protected override void AddNoise(Span<float> image, (int C, int H, int W) shape, Generator random)
    {
        ArgumentNullException.ThrowIfNull(random);
        var sigma = SigmaFor(shape.H, shape.W);
        for (var k = 0; k < image.Length; k++)
        {
            image[k] += (float)(sigma * random.NextNormal());
        }
    }
}
