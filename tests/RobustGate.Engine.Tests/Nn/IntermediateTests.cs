using RobustGate.Engine.Autograd;
using RobustGate.Engine.Functional;
using RobustGate.Engine.Models;
using RobustGate.Engine.Nn;
using RobustGate.Engine.Tensors;

namespace RobustGate.Engine.Tests.Nn;

/// <summary>
/// Early release of intermediates under NoGrad: only without a graph, never the caller's input or
/// the result, and the models' outputs stay the same bits as with a graph recorded.
/// </summary>
public sealed class IntermediateTests
{
    [Fact]
    public void Release_disposes_the_consumed_tensor_only_without_a_graph()
    {
        using var scope = new TensorScope();
        var input = Tensor.Ones(4);
        var consumed = Tensor.Ones(4);
        var result = Tensor.Ones(4);

        Assert.Same(result, Intermediate.Release(consumed, input, result));
        Assert.False(consumed.IsDisposed); // a graph may need it for backward

        using (new NoGrad())
        {
            Assert.Same(result, Intermediate.Release(input, input, result));
            Assert.Same(result, Intermediate.Release(result, input, result));
            Assert.False(input.IsDisposed);
            Assert.False(result.IsDisposed);
            Intermediate.Release(consumed, input, result);
        }

        Assert.True(consumed.IsDisposed);
    }

    [Fact]
    public void Releasing_a_tensor_keeps_a_view_of_its_buffer_alive()
    {
        using var scope = new TensorScope();
        using var noGrad = new NoGrad();
        var input = Tensor.Ones(2, 3);
        var consumed = input * 2f;
        var view = consumed.Flatten(0);
        Intermediate.Release(consumed, input, view);
        Assert.Equal([2f, 2f, 2f, 2f, 2f, 2f], view.ToArray());
    }

    [Fact]
    public void ResidualRelu_in_place_gives_the_bits_of_add_then_relu_and_keeps_the_input()
    {
        using var scope = new TensorScope();
        var gen = new Generator(3);
        var input = Tensor.Randn(gen, 2, 4, 5, 5);
        var output = Tensor.Randn(gen, 2, 4, 5, 5);
        var expected = F.Relu(output + input).ToArray();

        using var noGrad = new NoGrad();
        var result = Intermediate.ResidualRelu(output, input, input);
        Assert.Same(output, result); // one pass, in place into the block's own activation
        Assert.Equal(expected, result.ToArray());
        Assert.False(input.IsDisposed);

        var identity = Tensor.Randn(gen, 2, 4, 5, 5);
        var other = Tensor.Randn(gen, 2, 4, 5, 5);
        var expectedOther = F.Relu(other + identity).ToArray();
        Assert.Equal(expectedOther, Intermediate.ResidualRelu(other, identity, input).ToArray());
        Assert.True(identity.IsDisposed); // a downsample branch is the block's own, released once read
    }

    [Theory]
    [InlineData("resnet18", 64)]
    [InlineData("resnet50", 64)]
    [InlineData("resnet18-cifar", 32)]
    [InlineData("preact-resnet18", 32)]
    [InlineData("smallcnn32", 32)]
    [InlineData("alexnet", 64)]
    public void Eval_logits_without_a_graph_equal_those_with_one(string arch, int size)
    {
        using var scope = new TensorScope();
        var model = ModelRegistry.Get(arch).Create(numClasses: 10, seed: 5);
        model.Eval();
        var input = Tensor.Uniform(new Generator(6), 0f, 1f, 2, 3, size, size);
        var before = input.ToArray();

        var recorded = model.Forward(input).ToArray(); // parameters require grad: a graph is recorded, nothing released
        float[] released;
        using (new NoGrad())
        {
            released = model.Forward(input).ToArray();
        }

        Assert.Equal(recorded, released);
        Assert.False(input.IsDisposed);
        Assert.Equal(before, input.ToArray());
    }
}
