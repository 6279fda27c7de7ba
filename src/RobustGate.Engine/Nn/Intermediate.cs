using RobustGate.Engine.Autograd;
using RobustGate.Engine.Kernels;
using RobustGate.Engine.Tensors;

namespace RobustGate.Engine.Nn;

/// <summary>
/// Early release of a forward pass's intermediate activations when no graph is recorded
/// (<see cref="NoGrad"/>: evaluation, prediction, attacks' clean passes). Then no backward node
/// keeps an activation alive, so a block's intermediate is dead once the next op has read it, as
/// PyTorch's reference counting finds. Releasing it at once returns its buffer to the pool while it
/// is still warm in memory, so the next layer of the same size reuses it: inference holds a few
/// activations instead of every one (resnet50 at batch 32 and 224 px: 3.4 GB otherwise, more than
/// the pool keeps, so every batch paid first-touch page faults on fresh memory). With a graph,
/// nothing is released: backward reads the activations.
/// </summary>
public static class Intermediate
{
    /// <summary>
    /// Returns <paramref name="result"/>; without a graph, first disposes <paramref name="consumed"/>
    /// unless it is the caller's own <paramref name="input"/> or the result itself. A view that
    /// shares its buffer keeps the buffer alive (storages count their tensors).
    /// </summary>
    public static Tensor Release(Tensor consumed, Tensor input, Tensor result)
    {
        ArgumentNullException.ThrowIfNull(consumed);
        if (!GradMode.IsEnabled && !ReferenceEquals(consumed, input) && !ReferenceEquals(consumed, result))
        {
            consumed.Dispose();
        }

        return result;
    }

    /// <summary>
    /// relu(<paramref name="output"/> + <paramref name="identity"/>), a residual block's end. Without
    /// a graph and when <paramref name="output"/> is the block's own unshared activation, it is
    /// computed in place in one pass (the same bits as the add and relu apart) and the identity
    /// branch is released unless it is the block's <paramref name="input"/>; otherwise the recorded
    /// add and relu.
    /// </summary>
    public static Tensor ResidualRelu(Tensor output, Tensor identity, Tensor input)
    {
        ArgumentNullException.ThrowIfNull(output);
        ArgumentNullException.ThrowIfNull(identity);
        if (GradMode.IsEnabled)
        {
            return Functional.F.Relu(output + identity);
        }

        if (ReferenceEquals(output, input) || ReferenceEquals(output, identity) || output.Storage.References != 1
            || !output.ShapeRef.AsSpan().SequenceEqual(identity.ShapeRef))
        {
            var sum = output + identity;
            Release(output, input, sum);
            Release(identity, input, sum);
            return Release(sum, input, Functional.F.Relu(sum));
        }

        ParallelElementwise.Binary(output.ReadOnlySpan, identity.ReadOnlySpan, output.Span, default(AddReluOperator));
        return Release(identity, input, output);
    }
}
