using RobustGate.Engine.Tensors;
using RobustGate.Engine.Training;

namespace RobustGate.Engine.Tests.Training;

public sealed class FixedL2ProjectionTests
{
    private static (float[] Clean, float[] Delta) Sample(int count, int d, ulong seed)
    {
        var random = new Generator(seed);
        var clean = new float[count * d];
        var delta = new float[count * d];
        for (var i = 0; i < clean.Length; i++)
        {
            // Some pixels sit on the box walls, as in real images.
            clean[i] = i % 7 == 0 ? 0f : i % 11 == 0 ? 1f : random.NextSingle();
            delta[i] = (float)random.NextNormal();
        }

        return (clean, delta);
    }

    private static double ClippedNorm(ReadOnlySpan<float> clean, ReadOnlySpan<float> delta, double eta)
    {
        double sum = 0;
        for (var k = 0; k < clean.Length; k++)
        {
            var moved = Math.Clamp(clean[k] + (eta * delta[k]), 0.0, 1.0) - clean[k];
            sum += moved * moved;
        }

        return Math.Sqrt(sum);
    }

    [Theory]
    [InlineData(0.5)]
    [InlineData(5.0)]
    [InlineData(9.7)]
    [InlineData(14.0)]
    public void Projected_noise_has_exactly_the_requested_L2_norm(double epsilon)
    {
        const int d = 784;
        var (clean, delta) = Sample(3, d, 7);
        var projection = new FixedL2Projection();
        using var x0 = Tensor.FromArray(clean, 3, 1, 28, 28);
        using var noise = Tensor.FromArray(delta, 3, 1, 28, 28);
        using var projected = projection.Apply(x0, noise, epsilon);
        var output = projected.ReadOnlySpan;
        for (var i = 0; i < 3; i++)
        {
            double sum = 0;
            for (var k = 0; k < d; k++)
            {
                var moved = (double)output[(i * d) + k] - clean[(i * d) + k];
                sum += moved * moved;
                Assert.InRange(output[(i * d) + k], 0f, 1f);
            }

            // float32 outputs (ulp ≈ 6e-8 on [0,1]) over 784 elements: relative error well below 1e-5.
            Assert.Equal(epsilon, Math.Sqrt(sum), epsilon * 1e-5);
        }
    }

    [Fact]
    public void Scale_matches_a_bisection_of_the_clipped_norm()
    {
        const int d = 300;
        var (clean, delta) = Sample(2, d, 3);
        var scales = new FixedL2Projection().Scales(clean, delta, 2, 4.0);
        for (var i = 0; i < 2; i++)
        {
            double low = 0, high = 1e3;
            for (var step = 0; step < 200; step++)
            {
                var mid = 0.5 * (low + high);
                if (ClippedNorm(clean.AsSpan(i * d, d), delta.AsSpan(i * d, d), mid) < 4.0)
                {
                    low = mid;
                }
                else
                {
                    high = mid;
                }
            }

            // The scale is returned as float32: relative 1e-6 covers its rounding.
            Assert.Equal(low, scales[i], low * 1e-6);
        }
    }

    [Fact]
    public void Unreachable_norm_saturates_every_element()
    {
        const int d = 64;
        var (clean, delta) = Sample(1, d, 5);
        var projection = new FixedL2Projection();
        using var x0 = Tensor.FromArray(clean, 1, 1, 8, 8);
        using var noise = Tensor.FromArray(delta, 1, 1, 8, 8);
        using var projected = projection.Apply(x0, noise, 100.0);
        var output = projected.ReadOnlySpan;
        for (var k = 0; k < d; k++)
        {
            Assert.Equal(delta[k] >= 0 ? 1f : 0f, output[k]);
        }
    }

    [Fact]
    public void Gradient_flows_to_the_noise_where_not_clipped()
    {
        var (clean, delta) = Sample(1, 64, 9);
        var projection = new FixedL2Projection();
        using var x0 = Tensor.FromArray(clean, 1, 1, 8, 8);
        var noise = Tensor.FromArray(delta, 1, 1, 8, 8).RequiresGrad_();
        var projected = projection.Apply(x0, noise, 1.0);
        var eta = projection.Scales(clean, delta, 1, 1.0)[0];
        projected.Sum().Backward();
        var grad = noise.Grad!.ReadOnlySpan;
        for (var k = 0; k < 64; k++)
        {
            var inside = clean[k] + (eta * delta[k]) is > 0f and < 1f;
            Assert.Equal(inside ? eta : 0f, grad[k], 1e-6f);
        }
    }
}
