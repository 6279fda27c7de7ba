using RobustGate.Engine.Models;
using RobustGate.Engine.Tensors;
using RobustGate.Engine.Training;

namespace RobustGate.Engine.Tests.Training;

/// <summary>The noise recipes' size-dependent defaults: reference strengths for large images, CIFAR-10-C-relative ones up to 64 px.</summary>
public sealed class SmallImageNoiseTests
{
    [Fact]
    public void Defaults_switch_at_64_pixels_and_explicit_values_win()
    {
        Assert.Equal(0.5, new GaussianNoiseRecipe().SigmaFor(224, 224));
        Assert.Equal(0.5, new GaussianNoiseRecipe().SigmaFor(65, 32));
        Assert.Equal(0.5 * 0.10 / 0.38, new GaussianNoiseRecipe().SigmaFor(64, 28), 1e-15);
        Assert.Equal(0.3, new GaussianNoiseRecipe(0.3).SigmaFor(28, 28));
        Assert.Equal([0.04, 0.06, 0.08, 0.09, 0.10], new MultiSigmaGaussianRecipe().SigmasFor(32, 32));
        Assert.Equal([0.08, 0.12, 0.18, 0.26, 0.38], new MultiSigmaGaussianRecipe().SigmasFor(224, 224));
        Assert.Equal([0.06, 0.1, 0.12, 0.16, 0.2], new SpeckleNoiseRecipe().SigmasFor(28, 28));
        Assert.Equal([0.15, 0.2, 0.35, 0.45, 0.6], new SpeckleNoiseRecipe().SigmasFor(96, 96));
        Assert.Equal([0.5], new SpeckleNoiseRecipe([0.5]).SigmasFor(28, 28));

        // The reference's 135 on 3x224x224; per-element RMS 0.348·0.10/0.38 = 0.0916 on small images.
        Assert.Equal(0.348 * Math.Sqrt(150528), new AntOptions().EpsilonFor(3, 224, 224), 1e-12);
        Assert.Equal(0.348 * 0.10 / 0.38 * 28, new AntOptions().EpsilonFor(1, 28, 28), 1e-12);
        Assert.Equal(7.0, new AntOptions { Epsilon = 7 }.EpsilonFor(1, 28, 28));
    }

    [Fact]
    public void Gaussian_recipe_applies_the_small_image_sigma()
    {
        // Mid-grey 28x28 images, so clamping to [0,1] never bites at σ ≈ 0.13 (3.8σ from the walls).
        const int n = 8;
        var pixels = Enumerable.Repeat(0.5f, n * 784).ToArray();
        var labels = new int[n];
        var model = new SmallCnn(10, new Generator(1), 1, 28, 28);
        new GaussianNoiseRecipe().PrepareBatch(new RecipeBatchContext(model, 0, 0, (1, 28, 28), new Generator(5)), pixels, labels);
        var noisy = pixels.AsSpan(0, (n / 2) * 784).ToArray();
        var sd = Math.Sqrt(noisy.Select(v => (v - 0.5) * (v - 0.5)).Average());

        // 3136 draws: the sample σ has a relative standard error of 1/sqrt(2·3136) ≈ 1.3%; allow 5%.
        Assert.Equal(0.5 * 0.10 / 0.38, sd, 0.05 * 0.5 * 0.10 / 0.38);
        Assert.All(pixels.AsSpan((n / 2) * 784).ToArray(), v => Assert.Equal(0.5f, v));
    }
}
