using RobustGate.Engine.Functional;
using RobustGate.Engine.Tensors;
using RobustGate.Engine.Tests.Autograd;

namespace RobustGate.Engine.Tests.Functional;

/// <summary>Finite-difference checks of every functional op's backward (tolerances: see GradientCheck).</summary>
public class FunctionalGradientTests
{
    private static Tensor Randn(int seed, params int[] shape) => Tensor.Randn(new Generator((ulong)seed), shape);

    /// <summary>Distinct values at least 0.02 apart and away from 0, so max-pool and relu have no ties or kinks within the step.</summary>
    private static Tensor Distinct(int seed, params int[] shape)
    {
        var n = shape.Aggregate(1, (a, b) => a * b);
        var gen = new Generator((ulong)seed);
        var values = Enumerable.Range(0, n).Select(i => 0.05f + (0.041f * i) - (0.0205f * n)).Select(v => MathF.Abs(v) < 0.03f ? v + 0.03f : v).ToArray();
        for (var i = n - 1; i > 0; i--)
        {
            var j = (int)gen.NextInt64(0, i + 1);
            (values[i], values[j]) = (values[j], values[i]);
        }

        return Tensor.FromArray(values, shape);
    }

    [Theory]
    [InlineData(1, 0, 1, 1, true)]
    [InlineData(2, 1, 1, 1, false)]
    [InlineData(1, 2, 2, 1, true)]
    [InlineData(2, 1, 1, 2, true)]
    public void Conv2d(int stride, int padding, int dilation, int groups, bool bias)
    {
        Tensor[] inputs = bias ? [Randn(1, 2, 4, 5, 5), Randn(2, 4, 4 / groups, 3, 3), Randn(3, 4)] : [Randn(1, 2, 4, 5, 5), Randn(2, 4, 4 / groups, 3, 3)];
        GradientCheck.Check(
            $"conv2d s{stride} p{padding} d{dilation} g{groups}",
            x => F.Conv2d(x[0], x[1], x.Length > 2 ? x[2] : null, stride, padding, dilation, groups),
            inputs);
    }

    [Fact]
    public void Linear()
    {
        GradientCheck.Check("linear", x => F.Linear(x[0], x[1], x[2]), [Randn(1, 2, 3, 4), Randn(2, 5, 4), Randn(3, 5)]);
        GradientCheck.Check("linear_nobias", x => F.Linear(x[0], x[1]), [Randn(4, 3, 4), Randn(5, 2, 4)]);
    }

    [Fact]
    public void BatchNorm_training_and_eval()
    {
        GradientCheck.Check(
            "batch_norm_train",
            x => F.BatchNorm(x[0], null, null, x[1], x[2], training: true),
            [Randn(1, 3, 2, 2, 3), Randn(2, 2), Randn(3, 2)]);
        GradientCheck.Check(
            "batch_norm_train_2d_noaffine",
            x => F.BatchNorm(x[0], null, null, null, null, training: true),
            [Randn(4, 5, 3)]);
        var rm = Tensor.FromArray([0.1f, -0.2f]);
        var rv = Tensor.FromArray([0.5f, 2f]);
        GradientCheck.Check(
            "batch_norm_eval",
            x => F.BatchNorm(x[0], rm, rv, x[1], x[2], training: false),
            [Randn(5, 2, 2, 2, 2), Randn(6, 2), Randn(7, 2)]);
    }

    [Fact]
    public void Activations()
    {
        GradientCheck.Check("relu", x => F.Relu(x[0]), [Distinct(1, 2, 5)]);
        GradientCheck.Check("leaky_relu", x => F.LeakyRelu(x[0], 0.2f), [Distinct(2, 2, 5)]);
        GradientCheck.Check("sigmoid", x => F.Sigmoid(x[0]), [Randn(3, 6)]);
        GradientCheck.Check("tanh", x => F.Tanh(x[0]), [Randn(4, 6)]);
        GradientCheck.Check("softplus", x => F.Softplus(x[0], beta: 2f, threshold: 3f), [Tensor.FromArray([-3f, -0.5f, 0.2f, 1f, 1.2f, 2.5f, 4f])]);
        GradientCheck.Check("gelu", x => F.Gelu(x[0]), [Tensor.FromArray([-4f, -2f, -0.5f, 0.1f, 1f, 3.5f])]);
        GradientCheck.Check("silu", x => F.Silu(x[0]), [Randn(5, 6)]);
    }

    [Fact]
    public void Pooling()
    {
        GradientCheck.Check("max_pool2d", x => F.MaxPool2d(x[0], 3, 2, 1), [Distinct(1, 2, 2, 5, 5)]);
        GradientCheck.Check("max_pool2d_ceil_dilated", x => F.MaxPool2d(x[0], 2, 2, 0, dilation: 2, ceilMode: true), [Distinct(2, 1, 2, 6, 6)]);
        GradientCheck.Check("avg_pool2d", x => F.AvgPool2d(x[0], 3, 2, 1), [Randn(3, 2, 2, 5, 5)]);
        GradientCheck.Check("avg_pool2d_exclude_pad_ceil", x => F.AvgPool2d(x[0], 3, 2, 1, ceilMode: true, countIncludePad: false), [Randn(4, 1, 2, 6, 6)]);
        GradientCheck.Check("adaptive_avg_pool2d", x => F.AdaptiveAvgPool2d(x[0], 3, 2), [Randn(5, 2, 2, 5, 7)]);
        GradientCheck.Check("global_avg_pool", x => F.AdaptiveAvgPool2d(x[0], 1), [Randn(6, 2, 3, 3, 3)]);
    }

    [Fact]
    public void Softmax_family()
    {
        GradientCheck.Check("softmax_last", x => F.Softmax(x[0], -1), [Randn(1, 3, 5)]);
        GradientCheck.Check("softmax_inner", x => F.Softmax(x[0], 1), [Randn(2, 2, 3, 4)]);
        GradientCheck.Check("log_softmax_last", x => F.LogSoftmax(x[0], 1), [Randn(3, 3, 5)]);
        GradientCheck.Check("log_softmax_inner", x => F.LogSoftmax(x[0], 0), [Randn(4, 3, 2, 2)]);
    }

    [Fact]
    public void Losses()
    {
        int[] labels = [2, 0, 4];
        GradientCheck.Check("cross_entropy", x => F.CrossEntropy(x[0], labels), [Randn(1, 3, 5)]);
        GradientCheck.Check("cross_entropy_sum_smooth", x => F.CrossEntropy(x[0], labels, Reduction.Sum, 0.1f), [Randn(2, 3, 5)]);
        GradientCheck.Check("cross_entropy_none", x => F.CrossEntropy(x[0], labels, Reduction.None), [Randn(3, 3, 5)]);
        GradientCheck.Check(
            "cross_entropy_soft",
            x => F.CrossEntropy(x[0], F.Softmax(x[1], 1), Reduction.Mean, 0.2f),
            [Randn(4, 3, 5), Randn(5, 3, 5)]);
        GradientCheck.Check("nll_loss", x => F.NllLoss(F.LogSoftmax(x[0], 1), labels, Reduction.Sum), [Randn(6, 3, 5)]);
        GradientCheck.Check(
            "kl_div_batchmean",
            x => F.KlDiv(F.LogSoftmax(x[0], 1), F.Softmax(x[1], 1), Reduction.BatchMean),
            [Randn(7, 3, 4), Randn(8, 3, 4)]);
        GradientCheck.Check(
            "kl_div_log_target",
            x => F.KlDiv(F.LogSoftmax(x[0], 1), F.LogSoftmax(x[1], 1), Reduction.Sum, logTarget: true),
            [Randn(9, 3, 4), Randn(10, 3, 4)]);
        GradientCheck.Check("kl_div_mean_none", x => F.KlDiv(x[0], F.Softmax(x[1], 1), Reduction.None), [Randn(11, 2, 3), Randn(12, 2, 3)]);
        GradientCheck.Check("mse_loss", x => F.MseLoss(x[0], x[1]), [Randn(13, 2, 3), Randn(14, 2, 3)]);
        GradientCheck.Check("l1_loss", x => F.L1Loss(x[0], x[1], Reduction.Sum), [Distinct(15, 2, 3), Tensor.Zeros(2, 3)]);
        GradientCheck.Check("bce_with_logits", x => F.BinaryCrossEntropyWithLogits(x[0], x[1]), [Randn(16, 2, 3), Tensor.Rand(new Generator(17), 2, 3)]);
    }

    [Fact]
    public void Dropout_where_norms()
    {
        GradientCheck.Check("dropout", x => F.Dropout(x[0], 0.4f, training: true, new Generator(3)), [Randn(1, 4, 5)]);
        var cond = Tensor.FromArray([1f, 0f, 0f, 1f, 1f, 0f], 2, 3);
        GradientCheck.Check("where", x => F.Where(cond, x[0], x[1]), [Randn(2, 2, 3), Randn(3, 3)]);
        GradientCheck.Check("masked_fill", x => F.MaskedFill(x[0], cond, 5f), [Randn(4, 2, 3)]);
        GradientCheck.Check("norm_l2", x => F.Norm(x[0], 2f, [1, 2]), [Randn(5, 2, 3, 2)]);
        GradientCheck.Check("norm_l1", x => F.Norm(x[0], 1f, [0], keepDim: true), [Distinct(6, 3, 2)]);
        GradientCheck.Check("norm_linf", x => F.Norm(x[0], float.PositiveInfinity, [1, 2]), [Distinct(7, 2, 3, 2)]);
        GradientCheck.Check("norm_linf_dim0", x => F.Norm(x[0], float.PositiveInfinity, [0], keepDim: true), [Distinct(8, 3, 2)]);
        GradientCheck.Check("norm_p3", x => F.Norm(x[0], 3f), [Distinct(9, 2, 3)]);
        GradientCheck.Check("norm_per_sample", x => F.NormPerSample(x[0], 2f), [Randn(10, 3, 2, 2)]);
    }

    [Fact]
    public void L2_norm_of_a_zero_sample_has_zero_gradient_not_nan()
    {
        var x = Tensor.FromArray([0f, 0f, 3f, 4f], 2, 2).RequiresGrad_();
        var n = F.NormPerSample(x);
        Assert.Equal([0f, 5f], n.ToArray());
        n.Sum().Backward();
        Assert.Equal([0f, 0f, 0.6f, 0.8f], x.Grad!.ToArray());
    }
}
