using RobustGate.Engine.Tensors;

namespace RobustGate.Engine.Tests.Autograd;

/// <summary>Finite-difference checks of every Tensor op's backward.</summary>
public class TensorOpGradientTests
{
    private static Tensor Randn(int seed, params int[] shape) => Tensor.Randn(new Generator((ulong)seed), shape);

    /// <summary>Values in [lo, hi): for ops defined on part of the line (log, sqrt, division).</summary>
    private static Tensor Uniform(int seed, float lo, float hi, params int[] shape) => Tensor.Uniform(new Generator((ulong)seed), lo, hi, shape);

    /// <summary>Values whose magnitude is at least 0.2 and pairwise 0.05 apart: away from kinks and ties.</summary>
    private static Tensor Spread(int seed, params int[] shape)
    {
        var n = shape.Aggregate(1, (a, b) => a * b);
        var gen = new Generator((ulong)seed);
        var values = Enumerable.Range(0, n).Select(i => (0.2f + (0.05f * i)) * (i % 2 == 0 ? 1 : -1)).ToArray();
        for (var i = n - 1; i > 0; i--)
        {
            var j = (int)gen.NextInt64(0, i + 1);
            (values[i], values[j]) = (values[j], values[i]);
        }

        return Tensor.FromArray(values, shape);
    }

    [Fact]
    public void Broadcast_arithmetic()
    {
        GradientCheck.Check("add", x => x[0] + x[1], [Randn(1, 2, 3, 4), Randn(2, 3, 1)]);
        GradientCheck.Check("sub", x => x[0] - x[1], [Randn(3, 2, 1, 4), Randn(4, 3, 4)]);
        GradientCheck.Check("mul", x => x[0] * x[1], [Randn(5, 2, 3), Randn(6, 1, 3)]);
        GradientCheck.Check("div", x => x[0] / x[1], [Randn(7, 2, 3), Uniform(8, 0.5f, 2f, 2, 1)]);
        GradientCheck.Check("scalars", x => (2f - (x[0] * 3f) + 1f) / 4f - (1f / (x[0] + 5f)), [Randn(9, 5)]);
        GradientCheck.Check("neg", x => -x[0], [Randn(10, 3)]);
        GradientCheck.Check("maximum", x => Tensor.Maximum(x[0], x[1]), [Spread(11, 2, 3), Spread(12, 3)]);
        GradientCheck.Check("minimum", x => Tensor.Minimum(x[0], x[1]), [Spread(13, 2, 3), Spread(14, 2, 1)]);
        GradientCheck.Check("broadcast_to", x => x[0].BroadcastTo(2, 3, 4), [Randn(15, 3, 1)]);
        GradientCheck.Check("clone", x => x[0].CloneWithGrad() * x[0], [Randn(16, 4)]);
    }

    [Fact]
    public void Unary_math()
    {
        GradientCheck.Check("exp", x => x[0].Exp(), [Randn(1, 6)]);
        GradientCheck.Check("log", x => x[0].Log(), [Uniform(2, 0.5f, 3f, 6)]);
        GradientCheck.Check("sqrt", x => x[0].Sqrt(), [Uniform(3, 0.5f, 3f, 6)]);
        GradientCheck.Check("abs", x => x[0].Abs(), [Spread(4, 6)]);
        GradientCheck.Check("sign", x => x[0].Sign() * x[0], [Spread(5, 6)]);
        GradientCheck.Check("square", x => x[0].Square(), [Randn(6, 6)]);
        GradientCheck.Check("reciprocal", x => x[0].Reciprocal(), [Uniform(7, 0.5f, 2f, 6)]);
        GradientCheck.Check("pow", x => x[0].Pow(2.5f), [Uniform(8, 0.5f, 2f, 6)]);
        GradientCheck.Check("pow0", x => x[0].Pow(0f) + x[0], [Uniform(8, 0.5f, 2f, 3)]);
        GradientCheck.Check("sigmoid", x => x[0].Sigmoid(), [Randn(9, 6)]);
        GradientCheck.Check("tanh", x => x[0].Tanh(), [Randn(10, 6)]);
        GradientCheck.Check("clamp", x => x[0].Clamp(-0.5f, 0.6f), [Spread(11, 8)]);
        GradientCheck.Check("clamp_min", x => x[0].Clamp(min: 0.1f), [Spread(12, 8)]);
        GradientCheck.Check("clamp_tensor", x => x[0].Clamp(x[1], x[2]), [Spread(13, 2, 4), Tensor.Full(-0.47f, 4), Tensor.Full(0.53f, 2, 1)]);
    }

    [Fact]
    public void Reductions()
    {
        GradientCheck.Check("sum", x => x[0].Sum(), [Randn(1, 2, 3)]);
        GradientCheck.Check("mean", x => x[0].Mean(), [Randn(2, 2, 3)]);
        GradientCheck.Check("sum_dim", x => x[0].Sum(1), [Randn(3, 2, 3, 4)]);
        GradientCheck.Check("sum_dims_keep", x => x[0].Sum([0, 2], keepDim: true), [Randn(4, 2, 3, 4)]);
        GradientCheck.Check("mean_dims", x => x[0].Mean([1, 2]), [Randn(5, 2, 3, 4)]);
        GradientCheck.Check("max", x => x[0].Max(), [Spread(6, 2, 3)]);
        GradientCheck.Check("min", x => x[0].Min(), [Spread(7, 2, 3)]);
        GradientCheck.Check("max_dim", x => x[0].Max(1), [Spread(8, 2, 3, 2)]);
        GradientCheck.Check("min_dim_keep", x => x[0].Min(0, keepDim: true), [Spread(9, 3, 2)]);
    }

    [Fact]
    public void Shape_ops()
    {
        GradientCheck.Check("reshape", x => x[0].Reshape(3, -1) * Tensor.Arange(4), [Randn(1, 2, 6)]);
        GradientCheck.Check("flatten_unsqueeze_squeeze", x => x[0].Flatten(1).Unsqueeze(0).Squeeze(0) * Tensor.Arange(12), [Randn(2, 2, 3, 4)]);
        GradientCheck.Check("permute", x => x[0].Permute(2, 0, 1) * Tensor.Arange(3), [Randn(3, 2, 3, 4)]);
        GradientCheck.Check("transpose", x => x[0].Transpose(0, 2) * Tensor.Arange(2), [Randn(4, 2, 3, 4)]);
        GradientCheck.Check("narrow", x => x[0].Narrow(1, 1, 2), [Randn(5, 2, 4, 3)]);
        GradientCheck.Check("slice", x => x[0].Slice(-1, 1, -1), [Randn(6, 2, 5)]);
        GradientCheck.Check("index_select", x => x[0].IndexSelect(1, 2, 0, 2), [Randn(7, 2, 3, 2)]);
        GradientCheck.Check("cat", x => Tensor.Cat([x[0], x[1] * 2f, x[0]], 1), [Randn(8, 2, 1, 3), Randn(9, 2, 2, 3)]);
        GradientCheck.Check("stack", x => Tensor.Stack([x[0], x[1]], 2), [Randn(10, 2, 3), Randn(11, 2, 3)]);
    }

    [Fact]
    public void MatMul()
    {
        GradientCheck.Check("matmul_2d", x => x[0].MatMul(x[1]), [Randn(1, 3, 4), Randn(2, 4, 5)]);
        GradientCheck.Check("matmul_3d", x => x[0].MatMul(x[1]), [Randn(3, 2, 3, 4), Randn(4, 2, 4, 2)]);
        GradientCheck.Check("matmul_shared_rhs", x => x[0].MatMul(x[1]), [Randn(5, 2, 3, 4), Randn(6, 4, 2)]);
        GradientCheck.Check("matmul_shared_lhs", x => x[0].MatMul(x[1]), [Randn(7, 3, 4), Randn(8, 2, 4, 2)]);
    }

    [Fact]
    public void Sort_topk_gather_logsumexp_var()
    {
        GradientCheck.Check("sort_desc", x => x[0].Sort(1, descending: true).Values * Tensor.Arange(4), [Spread(1, 3, 4)]);
        GradientCheck.Check("sort_dim0", x => x[0].Sort(0).Values, [Spread(2, 3, 2)]);
        GradientCheck.Check("topk", x => x[0].TopK(2, -1).Values, [Spread(3, 3, 5)]);
        using var index = Tensor.FromArray([2f, 0f, 1f, 1f], 2, 2);
        GradientCheck.Check("gather", x => x[0].Gather(1, index), [Randn(4, 2, 3)]);
        GradientCheck.Check("logsumexp", x => x[0].LogSumExp(1), [Randn(5, 3, 4)]);
        GradientCheck.Check("logsumexp_keep_inner", x => x[0].LogSumExp(0, keepDim: true), [Randn(6, 3, 2)]);
        GradientCheck.Check("var", x => x[0].Var([0, 2]), [Randn(7, 3, 2, 2)]);
        GradientCheck.Check("std_biased", x => x[0].Std([1], unbiased: false, keepDim: true), [Randn(8, 2, 4)]);
        GradientCheck.Check("clamp_tensor_bounds", x => x[0].Clamp(x[1], x[2]), [Spread(9, 2, 3), Tensor.FromArray([-0.43f, 0.31f, -2f]), Tensor.FromArray([0.52f, 0.9f], 2, 1)]);
    }

    [Fact]
    public void Sort_and_comparison_values()
    {
        using var x = Tensor.FromArray([3f, 1f, 2f, 1f], 1, 4);
        var (values, indices) = x.Sort(1);
        Assert.Equal([1f, 1f, 2f, 3f], values.ToArray());
        Assert.Equal([1f, 3f, 2f, 0f], indices.ToArray());
        var (top, topIdx) = x.TopK(2);
        Assert.Equal([3f, 2f], top.ToArray());
        Assert.Equal([0f, 2f], topIdx.ToArray());
        Assert.Equal([1f, 0f, 0f, 0f], x.Gt(2f).ToArray());
        Assert.Equal([0f, 1f, 0f, 1f], x.Eq(Tensor.Ones(1)).ToArray());
        Assert.Equal([1f, 0f, 1f, 0f], x.Ge(Tensor.FromArray([2f, 2f, 2f, 2f], 1, 4)).ToArray());
        Assert.Equal(MathF.Log(MathF.Exp(3) + MathF.Exp(1) + MathF.Exp(2) + MathF.Exp(1)), x.LogSumExp(1).Item(), 5);
    }
}
