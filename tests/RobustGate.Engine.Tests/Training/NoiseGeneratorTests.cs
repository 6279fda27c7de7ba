using RobustGate.Engine.Autograd;
using RobustGate.Engine.Tensors;
using RobustGate.Engine.Training;

namespace RobustGate.Engine.Tests.Training;

public sealed class NoiseGeneratorTests
{
    [Theory]
    [InlineData(NoiseGeneratorKind.OneByOne, 983)]
    [InlineData(NoiseGeneratorKind.ThreeByThree, 4183)]
    public void Parameter_counts_match_the_reference(NoiseGeneratorKind kind, long expected)
    {
        var generator = new NoiseGenerator(kind, 3, 135, new Generator(1));
        Assert.Equal(expected, generator.ParameterCount());
        Assert.Equal(135, generator.Epsilon);
        Assert.Contains("epsilon", generator.StateDict().Names);
    }

    [Theory]
    [InlineData(NoiseGeneratorKind.OneByOne)]
    [InlineData(NoiseGeneratorKind.ThreeByThree)]
    public void Starts_close_to_the_latent_gaussian(NoiseGeneratorKind kind)
    {
        var generator = new NoiseGenerator(kind, 3, 19.3, new Generator(2));
        using var noGrad = new NoGrad();
        var border = generator.Border;
        using var z = Tensor.Randn(new Generator(4), 2, 3, 10 + (2 * border), 12 + (2 * border));
        using var output = generator.Forward(z);
        Assert.Equal([2, 3, 10, 12], output.Shape);
        var zs = z.ReadOnlySpan;
        var os = output.ReadOnlySpan;
        var (h, w) = (10 + (2 * border), 12 + (2 * border));
        for (var plane = 0; plane < 6; plane++)
        {
            for (var y = 0; y < 10; y++)
            {
                for (var x = 0; x < 12; x++)
                {
                    // Weights N(0, 0.01²) through four layers: the conv path adds well under 1e-2.
                    Assert.Equal(zs[(plane * h * w) + ((y + border) * w) + x + border], os[(plane * 120) + (y * 12) + x], 1e-2f);
                }
            }
        }
    }
}
