using RobustGate.Engine.Autograd;
using RobustGate.Engine.Tensors;

namespace RobustGate.Engine.Tests.Autograd;

public class AutogradTests
{
    [Fact]
    public void Product_rule_and_broadcast_gradients()
    {
        using var a = Tensor.FromArray([1, 2, 3, 4, 5, 6], 2, 3).RequiresGrad_();
        using var b = Tensor.FromArray([10, 20, 30], 3).RequiresGrad_();
        var loss = (a * b).Sum();
        loss.Backward();
        Assert.Equal([10f, 20, 30, 10, 20, 30], a.Grad!.ToArray());
        Assert.Equal([5f, 7, 9], b.Grad!.ToArray());
    }

    [Fact]
    public void Gradients_accumulate_across_backward_calls()
    {
        using var x = Tensor.FromArray([1, 2, 3]).RequiresGrad_();
        (x * x).Sum().Backward();
        (x * 3f).Sum().Backward();
        Assert.Equal([5f, 7, 9], x.Grad!.ToArray());
        x.ZeroGrad();
        Assert.Null(x.Grad);
    }

    [Fact]
    public void Shared_subexpression_sums_both_paths()
    {
        using var x = Tensor.FromArray([2, -3]).RequiresGrad_();
        var y = x * 2f;
        var loss = ((y * y) + y).Sum();
        loss.Backward();

        // d/dx (4x^2 + 2x) = 8x + 2
        Assert.Equal([18f, -22], x.Grad!.ToArray());
    }

    [Fact]
    public void Same_tensor_twice_as_input()
    {
        using var x = Tensor.FromArray([3f]).RequiresGrad_();
        (x + x).Sum().Backward();
        Assert.Equal([2f], x.Grad!.ToArray());
    }

    [Fact]
    public void NoGrad_records_nothing_and_nests()
    {
        using var x = Tensor.Ones(2).RequiresGrad_();
        using (new NoGrad())
        {
            using (new NoGrad())
            {
                Assert.False(GradMode.IsEnabled);
            }

            Assert.False(GradMode.IsEnabled);
            var y = x * 2f;
            Assert.False(y.RequiresGrad);
            Assert.Null(y.GradFn);
        }

        Assert.True(GradMode.IsEnabled);
        Assert.True((x * 2f).RequiresGrad);
    }

    [Fact]
    public void Ops_without_grad_inputs_record_nothing()
    {
        using var x = Tensor.Ones(2);
        using var y = x * 2f + x;
        Assert.Null(y.GradFn);
        Assert.Throws<InvalidOperationException>(() => y.Sum().Backward());
    }

    [Fact]
    public void Detach_cuts_the_graph_and_shares_storage()
    {
        using var x = Tensor.FromArray([1f, 2f]).RequiresGrad_();
        var y = x * 3f;
        using var d = y.Detach();
        Assert.False(d.RequiresGrad);
        var loss = (y + (d * d)).Sum();
        loss.Backward();
        Assert.Equal([3f, 3f], x.Grad!.ToArray());
    }

    [Fact]
    public void Gradient_with_respect_to_input_for_attacks()
    {
        using var w = Tensor.FromArray([1, -2, 3, 0.5f], 2, 2);
        using var x = Tensor.FromArray([1f, 1f], 1, 2).RequiresGrad_();
        var loss = x.MatMul(w).Square().Sum();
        loss.Backward();

        // out = [1 + 3, -2 + 0.5] = [4, -1.5]; dL/dx = 2 out W^T
        Assert.Equal([(2 * 4 * 1) + (2 * -1.5f * -2), (2 * 4 * 3) + (2 * -1.5f * 0.5f)], x.Grad!.ToArray());
    }

    [Fact]
    public void Second_backward_through_freed_graph_throws()
    {
        using var x = Tensor.FromArray([1f, 2f]).RequiresGrad_();
        var loss = (x * x).Sum();
        loss.Backward();
        Assert.Throws<InvalidOperationException>(() => loss.Backward());
        var kept = (x * x).Sum();
        kept.Backward(retainGraph: true);
        kept.Backward();
        Assert.Equal([2f + 4f, 4f + 8f], x.Grad!.ToArray());
    }

    [Fact]
    public void In_place_update_of_grad_tensor_is_refused_outside_NoGrad()
    {
        using var x = Tensor.Ones(2).RequiresGrad_();
        Assert.Throws<InvalidOperationException>(() => x.AddInPlace(1f));
        using (new NoGrad())
        {
            x.AddInPlace(1f);
        }

        Assert.Equal([2f, 2f], x.ToArray());
    }
}
