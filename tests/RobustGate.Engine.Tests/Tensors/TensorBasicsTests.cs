using RobustGate.Engine.Autograd;
using RobustGate.Engine.Tensors;

namespace RobustGate.Engine.Tests.Tensors;

public class TensorBasicsTests
{
    [Fact]
    public void Factories_fill_and_shape()
    {
        using var z = Tensor.Zeros(2, 3);
        using var o = Tensor.Ones(4);
        using var f = Tensor.Full(2.5f, 2, 2);
        using var a = Tensor.Arange(0, 5, 2);
        Assert.Equal([2, 3], z.Shape);
        Assert.Equal(6, z.Numel);
        Assert.Equal(2, z.Dim);
        Assert.All(z.ToArray(), v => Assert.Equal(0f, v));
        Assert.All(o.ToArray(), v => Assert.Equal(1f, v));
        Assert.All(f.ToArray(), v => Assert.Equal(2.5f, v));
        Assert.Equal([0f, 2f, 4f], a.ToArray());
        using var s = Tensor.Scalar(3f);
        Assert.Equal(3f, s.Item());
        Assert.Throws<InvalidOperationException>(() => z.Item());
    }

    [Fact]
    public void FromArray_checks_element_count()
    {
        using var t = Tensor.FromArray([1, 2, 3, 4, 5, 6], 2, 3);
        Assert.Equal(6f, t[1, 2]);
        Assert.Equal(2f, t[0, 1]);
        Assert.Throws<ArgumentException>(() => Tensor.FromArray([1, 2, 3], 2, 2));
    }

    [Fact]
    public void Broadcasting_arithmetic_matches_numpy_rules()
    {
        using var a = Tensor.FromArray([1, 2, 3, 4, 5, 6], 2, 3);
        using var row = Tensor.FromArray([10, 20, 30], 3);
        using var col = Tensor.FromArray([100, 200], 2, 1);
        Assert.Equal([11f, 22, 33, 14, 25, 36], (a + row).ToArray());
        Assert.Equal([101f, 102, 103, 204, 205, 206], (a + col).ToArray());
        Assert.Equal([-9f, -18, -27, -6, -15, -24], (a - row).ToArray());
        Assert.Equal([100f, 400, 900, 3200, 5000, 7200], (a * a * col).ToArray());
        using var outer = col + row;
        Assert.Equal([2, 3], outer.Shape);
        Assert.Equal([110f, 120, 130, 210, 220, 230], outer.ToArray());
        Assert.Equal([0.5f, 1, 1.5f, 2, 2.5f, 3], (a / 2f).ToArray());
        Assert.Equal([9f, 8, 7, 6, 5, 4], (10f - a).ToArray());
        Assert.Throws<ArgumentException>(() => a + Tensor.Ones(2));
    }

    [Fact]
    public void Broadcasting_of_channel_bias_over_nchw()
    {
        var gen = new Generator(1);
        using var x = Tensor.Randn(gen, 2, 3, 4, 5);
        using var b = Tensor.Randn(gen, 1, 3, 1, 1);
        using var y = x + b;
        for (var n = 0; n < 2; n++)
        {
            for (var c = 0; c < 3; c++)
            {
                for (var h = 0; h < 4; h++)
                {
                    for (var w = 0; w < 5; w++)
                    {
                        Assert.Equal(x[n, c, h, w] + b[0, c, 0, 0], y[n, c, h, w]);
                    }
                }
            }
        }
    }

    [Fact]
    public void Reductions_along_dims()
    {
        using var a = Tensor.FromArray([1, 5, 3, 4, 2, 6], 2, 3);
        Assert.Equal(21f, a.Sum().Item());
        Assert.Equal(3.5f, a.Mean().Item());
        Assert.Equal([5f, 7, 9], a.Sum(0).ToArray());
        Assert.Equal([9f, 12], a.Sum(1).ToArray());
        Assert.Equal([2, 1], a.Sum(1, keepDim: true).Shape);
        Assert.Equal([3f, 4], a.Mean(1).ToArray());
        Assert.Equal([5f, 6], a.Max(1).ToArray());
        Assert.Equal([1f, 2], a.Min(1).ToArray());
        Assert.Equal([1f, 2], a.ArgMax(1).ToArray());
        Assert.Equal([0f, 1, 0], a.ArgMin(0).ToArray());
        Assert.Equal(6f, a.Max().Item());
        Assert.Equal(5, a.ArgMax());
        using var b = Tensor.Arange(24).Reshape(2, 3, 4);
        Assert.Equal([66f, 210f], b.Sum([1, 2]).ToArray());
        Assert.Equal(new float[] { 60, 66, 72, 78 }, b.Sum([0, 1]).ToArray());
    }

    [Fact]
    public void Views_share_storage_and_copies_do_not()
    {
        using var a = Tensor.Arange(6);
        using var v = a.Reshape(2, -1);
        Assert.Equal([2, 3], v.Shape);
        using (new NoGrad())
        {
            v.AddInPlace(1f);
        }

        Assert.Equal(1f, a[0]);
        using var f = v.Flatten();
        Assert.Equal([6], f.Shape);
        Assert.Equal([1, 2, 3], v.Unsqueeze(0).Shape);
        Assert.Equal([2, 3, 1], v.Unsqueeze(-1).Shape);
        Assert.Equal([2, 3], v.Unsqueeze(0).Squeeze().Shape);
        Assert.Equal([2, 3], v.Unsqueeze(1).Squeeze(1).Shape);
        using var t = v.Transpose(0, 1);
        Assert.Equal([3, 2], t.Shape);
        Assert.Equal([1f, 4, 2, 5, 3, 6], t.ToArray());
        Assert.Throws<ArgumentException>(() => a.Reshape(4, 2));
    }

    [Fact]
    public void Permute_cat_stack_narrow_index_select()
    {
        using var a = Tensor.Arange(24).Reshape(2, 3, 4);
        using var p = a.Permute(2, 0, 1);
        Assert.Equal([4, 2, 3], p.Shape);
        Assert.Equal(a[1, 2, 3], p[3, 1, 2]);
        Assert.Equal(a[0, 1, 2], p[2, 0, 1]);
        using var n = a.Narrow(2, 1, 2);
        Assert.Equal([2, 3, 2], n.Shape);
        Assert.Equal([1f, 2, 5, 6, 9, 10, 13, 14, 17, 18, 21, 22], n.ToArray());
        using var s = a.Slice(1, -1, 3);
        Assert.Equal([2, 1, 4], s.Shape);
        Assert.Equal([8f, 9, 10, 11, 20, 21, 22, 23], s.ToArray());
        using var c = Tensor.Cat([Tensor.Ones(2, 1), Tensor.Zeros(2, 2)], 1);
        Assert.Equal([1f, 0, 0, 1, 0, 0], c.ToArray());
        using var st = Tensor.Stack([Tensor.Ones(2), Tensor.Zeros(2)], 1);
        Assert.Equal([2, 2], st.Shape);
        Assert.Equal([1f, 0, 1, 0], st.ToArray());
        using var sel = a.IndexSelect(1, 2, 0, 2);
        Assert.Equal([2, 3, 4], sel.Shape);
        Assert.Equal(a[1, 2, 1], sel[1, 0, 1]);
        Assert.Equal(a[1, 0, 1], sel[1, 1, 1]);
    }

    [Fact]
    public void MatMul_2d_and_batched()
    {
        using var a = Tensor.FromArray([1, 2, 3, 4, 5, 6], 2, 3);
        using var b = Tensor.FromArray([7, 8, 9, 10, 11, 12], 3, 2);
        Assert.Equal([58f, 64, 139, 154], a.MatMul(b).ToArray());
        using var ab = Tensor.Stack([a, a * 2f]);
        using var r = ab.MatMul(b);
        Assert.Equal([2, 2, 2], r.Shape);
        Assert.Equal([58f, 64, 139, 154, 116, 128, 278, 308], r.ToArray());
    }

    [Fact]
    public void Generator_is_deterministic_and_seed_dependent()
    {
        var a = Tensor.Randn(new Generator(42), 1000).ToArray();
        var b = Tensor.Randn(new Generator(42), 1000).ToArray();
        var c = Tensor.Randn(new Generator(43), 1000).ToArray();
        Assert.Equal(a, b);
        Assert.NotEqual(a, c);
        var mean = a.Average();
        var variance = a.Select(v => (v - mean) * (v - mean)).Average();

        // 1000 standard normal draws: the mean's standard error is ~0.032, so 0.15 is > 4 sigma.
        Assert.InRange(mean, -0.15, 0.15);
        Assert.InRange(variance, 0.85, 1.15);
        var u = Tensor.Rand(new Generator(7), 10000).ToArray();
        Assert.All(u, v => Assert.InRange(v, 0f, 0.99999995f));
        var ints = Tensor.RandInt(new Generator(7), 3, 6, 1000).ToArray();
        Assert.All(ints, v => Assert.Contains(v, new[] { 3f, 4f, 5f }));
        Assert.Equal(3, ints.Distinct().Count());
    }

    [Theory]
    [InlineData(new[] { 8, 16, 33, 31 }, new[] { 1, 16, 1, 1 })]
    [InlineData(new[] { 8, 1, 33, 31 }, new[] { 16, 1, 1 })]
    [InlineData(new[] { 3, 1, 40000 }, new[] { 3, 2, 1 })]
    public void Large_broadcasts_run_in_parallel_blocks_and_match_elementwise_definition(int[] aShape, int[] bShape)
    {
        var gen = new Generator(5);
        using var a = Tensor.Randn(gen, aShape);
        using var b = Tensor.Randn(gen, bShape);
        using var sum = a * b + a;
        var outShape = sum.Shape;
        var rank = outShape.Length;
        var av = a.ToArray();
        var bv = b.ToArray();
        var sv = sum.ToArray();
        var index = new int[rank];
        for (var flat = 0; flat < sv.Length; flat++)
        {
            var rem = flat;
            for (var k = rank - 1; k >= 0; k--)
            {
                index[k] = rem % outShape[k];
                rem /= outShape[k];
            }

            var ai = Offset(index, aShape);
            var bi = Offset(index, bShape);
            Assert.Equal((av[ai] * bv[bi]) + av[ai], sv[flat]);
        }
    }

    private static int Offset(int[] index, int[] shape)
    {
        var offset = 0;
        var lead = index.Length - shape.Length;
        for (var k = 0; k < shape.Length; k++)
        {
            offset = (offset * shape[k]) + (shape[k] == 1 ? 0 : index[k + lead]);
        }

        return offset;
    }
}
