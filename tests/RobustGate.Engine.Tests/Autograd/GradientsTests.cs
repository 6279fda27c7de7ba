using RobustGate.Engine.Autograd;
using RobustGate.Engine.Functional;
using RobustGate.Engine.Tensors;

namespace RobustGate.Engine.Tests.Autograd;

public class GradientsTests
{
    [Fact]
    public void Input_gradient_matches_backward_and_leaves_parameter_grads_alone()
    {
        var gen = new Generator(3);
        using var w = Tensor.Randn(gen, 4, 2, 3, 3).RequiresGrad_();
        using var fc = Tensor.Randn(gen, 3, 4).RequiresGrad_();
        using var x = Tensor.Rand(gen, 2, 2, 5, 5).RequiresGrad_();
        int[] labels = [1, 2];
        Tensor Loss() => F.CrossEntropy(F.Linear(F.AdaptiveAvgPool2d(F.Relu(F.Conv2d(x, w, null, 1, 1)), 1).Flatten(1), fc), labels);

        var viaGradients = Gradients.Compute(Loss(), x);
        Assert.Null(w.Grad);
        Assert.Null(fc.Grad);
        Assert.Null(x.Grad);

        Loss().Backward();
        Assert.Equal(x.Grad!.ToArray(), viaGradients.ToArray());
        Assert.NotNull(w.Grad);
    }

    [Fact]
    public void Non_leaf_targets_shared_buffers_and_unused_inputs()
    {
        using var a = Tensor.FromArray([1f, 2f]).RequiresGrad_();
        using var b = Tensor.FromArray([3f, 4f]).RequiresGrad_();
        using var unused = Tensor.Ones(3).RequiresGrad_();
        var h = a * b;
        var loss = (h + a + b).Sum();
        var grads = Gradients.Compute(loss, [h, a, b, unused]);
        Assert.Equal([1f, 1f], grads[0].ToArray());
        Assert.Equal([4f, 5f], grads[1].ToArray());
        Assert.Equal([2f, 3f], grads[2].ToArray());
        Assert.Equal([0f, 0f, 0f], grads[3].ToArray());
        Assert.Null(a.Grad);

        // Each returned gradient owns its buffer.
        using (new NoGrad())
        {
            grads[1].AddInPlace(100f);
        }

        Assert.Equal([2f, 3f], grads[2].ToArray());
    }

    [Fact]
    public void Sum_of_two_operands_gives_independent_buffers()
    {
        using var a = Tensor.FromArray([1f, 2f]).RequiresGrad_();
        using var b = Tensor.FromArray([3f, 4f]).RequiresGrad_();
        var grads = Gradients.Compute((a + b).Sum(), [a, b]);
        using (new NoGrad())
        {
            grads[0].AddInPlace(1f);
        }

        Assert.Equal([1f, 1f], grads[1].ToArray());
        Assert.Throws<ArgumentException>(() => Gradients.Compute((a + b).Sum(), [Tensor.Ones(2)]));
    }
}
