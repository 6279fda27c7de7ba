using RobustGate.Engine.Tensors;

namespace RobustGate.Engine.Autograd;

/// <summary>
/// Computes the gradients of an op's inputs from the gradient of its output.
/// <paramref name="needsGrad"/>[i] says whether input i wants one; entries for other inputs may be
/// null. Returned tensors must have the inputs' shapes; they may share storage with
/// <paramref name="gradOutput"/> (the engine never writes into a shared buffer).
/// </summary>
public delegate Tensor?[] BackwardFunction(Tensor gradOutput, bool[] needsGrad);

/// <summary>
/// One recorded op on the tape: its inputs and its backward function. A tensor produced by a
/// recorded op holds its node (<see cref="Tensor.GradFn"/>); the node holds the inputs, so the graph
/// is reachable from the result. After a backward pass the node drops its inputs and saved state.
/// </summary>
public sealed class GradNode
{
    private Tensor[]? inputs;
    private BackwardFunction? backward;
    private Action? release;

    /// <param name="name">Op name, for diagnostics (PyTorch style, e.g. "conv2d").</param>
    /// <param name="inputs">The op's tensor inputs, in the order the backward function returns gradients.</param>
    /// <param name="backward">Gradient function.</param>
    /// <param name="release">Optional: frees buffers the op saved privately (masks, indices, statistics).</param>
    public GradNode(string name, Tensor[] inputs, BackwardFunction backward, Action? release = null)
    {
        Name = name;
        this.inputs = inputs;
        this.backward = backward;
        this.release = release;
        NeedsGrad = new bool[inputs.Length];
        for (var i = 0; i < inputs.Length; i++)
        {
            NeedsGrad[i] = inputs[i].RequiresGrad;
        }
    }

    public string Name { get; }

    internal bool[] NeedsGrad { get; }

    internal bool IsReleased => backward is null;

    internal Tensor[] Inputs => inputs ?? throw Freed();

    internal Tensor?[] Apply(Tensor gradOutput, bool[] needs)
    {
        var fn = backward ?? throw Freed();
        var grads = fn(gradOutput, needs);
        if (grads.Length != NeedsGrad.Length)
        {
            throw new InvalidOperationException($"Backward of {Name} returned {grads.Length} gradients for {NeedsGrad.Length} inputs.");
        }

        return grads;
    }

    /// <summary>Drops references to inputs and saved tensors so their buffers can be reused.</summary>
    internal void Release()
    {
        inputs = null;
        backward = null;
        var r = release;
        release = null;
        r?.Invoke();
    }

    private InvalidOperationException Freed()
        => new($"Trying to backward through the graph a second time: the buffers of '{Name}' were freed after the first backward pass.");
}
