using RobustGate.Engine.Tensors;
using RobustGate.Engine.Training.AugMix;

namespace RobustGate.Engine.Tests.Training.AugMix;

/// <summary>
/// Sample moments of the Gamma, Dirichlet and Beta draws against their closed forms. With
/// N = 200 000 draws, the tolerances are 5 standard errors of the estimator (standard error of a
/// mean sqrt(Var/N); of a sample variance sqrt((μ₄ − σ⁴)/N)), so a correct sampler fails with
/// probability below 1e-6 — and the draws are seeded, so the outcome is fixed anyway.
/// </summary>
public sealed class GammaSamplingTests
{
    private const int N = 200_000;

    [Theory]
    [InlineData(0.3)]
    [InlineData(1.0)]
    [InlineData(2.5)]
    [InlineData(9.0)]
    public void Gamma_has_mean_and_variance_equal_to_its_shape(double shape)
    {
        var random = new Generator(11);
        var values = new double[N];
        for (var i = 0; i < N; i++)
        {
            values[i] = GammaSampling.Gamma(random, shape);
            Assert.True(values[i] > 0);
        }

        var (mean, variance) = Moments(values);
        // Gamma(α): mean α, variance α, fourth central moment 3α(α + 2).
        Assert.InRange(mean, shape - (5 * Math.Sqrt(shape / N)), shape + (5 * Math.Sqrt(shape / N)));
        var varianceError = 5 * Math.Sqrt(((3 * shape * (shape + 2)) - (shape * shape)) / N);
        Assert.InRange(variance, shape - varianceError, shape + varianceError);
    }

    [Fact]
    public void Dirichlet_weights_sum_to_one_with_the_right_moments()
    {
        var random = new Generator(12);
        var weights = new double[3];
        var first = new double[N];
        for (var i = 0; i < N; i++)
        {
            GammaSampling.Dirichlet(random, 1.0, weights);
            Assert.Equal(1.0, weights[0] + weights[1] + weights[2], 12);
            first[i] = weights[0];
        }

        // Dirichlet(1,1,1): each weight is Beta(1, 2): mean 1/3, variance 1/18.
        var (mean, variance) = Moments(first);
        Assert.InRange(mean, (1.0 / 3) - (5 * Math.Sqrt(1.0 / 18 / N)), (1.0 / 3) + (5 * Math.Sqrt(1.0 / 18 / N)));
        Assert.InRange(variance, (1.0 / 18) - 0.0015, (1.0 / 18) + 0.0015); // 5·sqrt((μ₄ − σ⁴)/N) with μ₄ = 1/135 for Beta(1, 2).
    }

    [Theory]
    [InlineData(1.0, 1.0)]
    [InlineData(2.0, 5.0)]
    [InlineData(0.5, 0.5)]
    public void Beta_has_the_closed_form_mean_and_variance(double a, double b)
    {
        var random = new Generator(13);
        var values = new double[N];
        for (var i = 0; i < N; i++)
        {
            values[i] = GammaSampling.Beta(random, a, b);
            Assert.InRange(values[i], 0.0, 1.0);
        }

        var expectedMean = a / (a + b);
        var expectedVariance = a * b / ((a + b) * (a + b) * (a + b + 1));
        var (mean, variance) = Moments(values);
        Assert.InRange(mean, expectedMean - (5 * Math.Sqrt(expectedVariance / N)), expectedMean + (5 * Math.Sqrt(expectedVariance / N)));
        // A variable in [0, 1] has μ₄ ≤ σ², which bounds the standard error of the variance by sqrt(σ²/N).
        Assert.InRange(variance, expectedVariance - (5 * Math.Sqrt(expectedVariance / N)), expectedVariance + (5 * Math.Sqrt(expectedVariance / N)));
    }

    [Fact]
    public void Same_seed_gives_the_same_draws()
    {
        var a = new Generator(5);
        var b = new Generator(5);
        for (var i = 0; i < 100; i++)
        {
            Assert.Equal(GammaSampling.Beta(a, 0.7, 1.3), GammaSampling.Beta(b, 0.7, 1.3));
        }
    }

    private static (double Mean, double Variance) Moments(double[] values)
    {
        var mean = values.Average();
        var variance = values.Sum(v => (v - mean) * (v - mean)) / (values.Length - 1);
        return (mean, variance);
    }
}
