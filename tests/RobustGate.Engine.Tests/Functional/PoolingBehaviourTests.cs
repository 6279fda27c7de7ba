using RobustGate.Engine.Functional;
using RobustGate.Engine.Kernels;
using RobustGate.Engine.Tensors;

namespace RobustGate.Engine.Tests.Functional;

/// <summary>Edge cases of the pooling kernels with values worked out by hand from PyTorch's definitions.</summary>
public class PoolingBehaviourTests
{
    [Theory]
    [InlineData(5, 2, 2, 0, false, 2)]
    [InlineData(5, 2, 2, 0, true, 3)]
    [InlineData(4, 3, 2, 1, true, 3)]
    [InlineData(6, 3, 3, 1, true, 3)]
    [InlineData(5, 2, 2, 1, true, 3)]
    [InlineData(32, 3, 2, 1, false, 16)]
    [InlineData(112, 3, 2, 1, false, 56)]
    public void Output_size_follows_pytorch(int input, int kernel, int stride, int pad, bool ceil, int expected)
        => Assert.Equal(expected, PoolingGeometry.OutputLength(input, kernel, stride, pad, 1, ceil));

    [Fact]
    public void Max_pool_padding_never_wins_and_nan_propagates()
    {
        using var x = Tensor.FromArray([-5f, -4f, -3f, -2f], 1, 1, 2, 2);
        using var y = F.MaxPool2d(x, 2, 1, 1);
        Assert.Equal([-5f, -4f, -4f, -3f, -2f, -2f, -3f, -2f, -2f], y.ToArray());
        using var n = Tensor.FromArray([1f, float.NaN, 3f, 2f], 1, 1, 2, 2);
        Assert.True(float.IsNaN(F.MaxPool2d(n, 2).Item()));
    }

    [Fact]
    public void Avg_pool_divisor_with_and_without_padding()
    {
        using var x = Tensor.Ones(1, 1, 3, 3);

        // count_include_pad: the corner window covers 4 real and 5 padded cells -> 4/9.
        Assert.Equal(4f / 9f, F.AvgPool2d(x, 3, 1, 1, countIncludePad: true)[0, 0, 0, 0], 6);
        Assert.Equal(1f, F.AvgPool2d(x, 3, 1, 1, countIncludePad: false)[0, 0, 0, 0], 6);
        Assert.Equal(4f / 7f, F.AvgPool2d(x, 3, 1, 1, divisorOverride: 7)[0, 0, 0, 0], 6);
    }

    [Fact]
    public void Adaptive_pool_bins_overlap_as_in_pytorch()
    {
        // 5 -> 3 bins: [0, 2), [1, 4), [3, 5).
        using var x = Tensor.FromArray([1f, 2f, 3f, 4f, 5f], 1, 1, 1, 5);
        Assert.Equal([1.5f, 3f, 4.5f], F.AdaptiveAvgPool2d(x, 1, 3).ToArray());
    }

    [Fact]
    public void Max_pool_gradient_goes_to_the_first_of_tied_maxima()
    {
        var x = Tensor.FromArray([2f, 7f, 7f, 1f, float.NegativeInfinity, float.NegativeInfinity, float.NegativeInfinity, float.NegativeInfinity], 1, 2, 2, 2).RequiresGrad_();
        var y = F.MaxPool2d(x, 2);
        Assert.Equal([7f, float.NegativeInfinity], y.ToArray());
        y.Sum().Backward();
        Assert.Equal([0f, 1f, 0f, 0f, 1f, 0f, 0f, 0f], x.Grad!.ToArray());
    }
}
