using RobustGate.Engine.Autograd;

namespace RobustGate.Engine.Tensors;

/// <content>Autograd state: requires-grad flag, accumulated gradient, producing node.</content>
public sealed partial class Tensor
{
    private bool requiresGrad;
    private Tensor? grad;

    /// <summary>
    /// Whether gradients flow to this tensor. Settable on leaves (tensors not produced by a
    /// recorded op); true for every result of a recorded op.
    /// </summary>
    public bool RequiresGrad
    {
        get => requiresGrad || GradFn is not null;
        set
        {
            if (GradFn is not null && !value)
            {
                throw new InvalidOperationException("RequiresGrad can only be cleared on leaf tensors; use Detach().");
            }

            requiresGrad = value;
        }
    }

    /// <summary>The accumulated gradient of a leaf after Backward (null until then). Owned by this tensor.</summary>
    /// <remarks>Assigning a tensor takes it out of any <see cref="TensorScope"/>: the leaf owns it.</remarks>
    public Tensor? Grad
    {
        get => grad;
        set
        {
            if (value is not null)
            {
                TensorScope.Release(value);
            }

            grad = value;
        }
    }

    /// <summary>The node that produced this tensor, or null for leaves.</summary>
    public GradNode? GradFn { get; private set; }

    public bool IsLeaf => GradFn is null;

    /// <summary>Marks this tensor as requiring grad and returns it (fluent, like requires_grad_()).</summary>
    public Tensor RequiresGrad_(bool value = true)
    {
        RequiresGrad = value;
        return this;
    }

    /// <summary>
    /// Back-propagates from this tensor (a scalar unless <paramref name="gradient"/> is given),
    /// accumulating into the <see cref="Grad"/> of every leaf that requires grad. The graph's
    /// saved buffers are freed unless <paramref name="retainGraph"/> is true.
    /// </summary>
    public void Backward(Tensor? gradient = null, bool retainGraph = false)
        => BackwardEngine.Run(this, gradient, retainGraph);

    /// <summary>A tensor sharing this one's storage, cut from the graph (requires no grad).</summary>
    public Tensor Detach() => ShareAs(shape);

    /// <summary>Disposes and clears <see cref="Grad"/>.</summary>
    public void ZeroGrad()
    {
        Grad?.Dispose();
        Grad = null;
    }

    /// <summary>Attaches a backward node to a freshly computed result and returns it.</summary>
    internal Tensor WithGradFn(GradNode node)
    {
        GradFn = node;
        return this;
    }

    /// <summary>
    /// Makes this freshly computed tensor the differentiable result of a custom op: when grad mode
    /// is on and an input requires grad, <paramref name="backward"/> is recorded as its node (see
    /// <see cref="BackwardFunction"/> for the contract); otherwise nothing is recorded. Returns this.
    /// </summary>
    public Tensor Record(string name, Tensor[] inputs, BackwardFunction backward, Action? release = null)
    {
        if (GradMode.ShouldRecord(inputs))
        {
            GradFn = new GradNode(name, inputs, backward, release);
        }

        return this;
    }
}
