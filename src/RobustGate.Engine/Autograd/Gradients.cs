using RobustGate.Engine.Tensors;

namespace RobustGate.Engine.Autograd;

/// <summary>
/// torch.autograd.grad: the gradients of one output with respect to chosen tensors, returned
/// rather than accumulated into <see cref="Tensor.Grad"/>. Only the part of the graph that leads
/// to the chosen tensors is differentiated, so an attack asking for d loss / d input does not
/// compute weight gradients, and parameters' .Grad stay untouched.
/// </summary>
public static class Gradients
{
    /// <summary>
    /// Gradients of <paramref name="output"/> (a scalar unless <paramref name="gradOutput"/> is
    /// given) with respect to each of <paramref name="inputs"/>, which must require grad. An input
    /// the output does not depend on gets zeros. The graph is freed unless
    /// <paramref name="retainGraph"/> is true.
    /// </summary>
    public static Tensor[] Compute(Tensor output, IReadOnlyList<Tensor> inputs, Tensor? gradOutput = null, bool retainGraph = false)
    {
        ArgumentNullException.ThrowIfNull(output);
        ArgumentNullException.ThrowIfNull(inputs);
        foreach (var t in inputs)
        {
            if (!t.RequiresGrad)
            {
                throw new ArgumentException($"Gradients.Compute: an input of shape {ShapeUtil.Format(t.ShapeRef)} does not require grad.", nameof(inputs));
            }
        }

        var grads = BackwardEngine.Run(output, gradOutput, retainGraph, inputs);
        var result = new Tensor[inputs.Count];
        for (var i = 0; i < result.Length; i++)
        {
            result[i] = grads[i] ?? Tensor.ZerosLike(inputs[i]);
        }

        return result;
    }

    /// <summary>Gradient of a scalar output with respect to one tensor.</summary>
    public static Tensor Compute(Tensor output, Tensor input) => Compute(output, [input])[0];
}
