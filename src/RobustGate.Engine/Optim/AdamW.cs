using RobustGate.Engine.Tensors;

namespace RobustGate.Engine.Optim;

/// <summary>
/// AdamW (PyTorch semantics): Adam without the L2 gradient term; instead every step first
/// decays the parameter, <c>p *= 1 - lr * weightDecay</c>. PyTorch's default decay is 0.01.
/// </summary>
public sealed class AdamW : Adam
{
    public AdamW(IEnumerable<(string Name, Tensor Parameter)> parameters, double learningRate = 1e-3, double beta1 = 0.9, double beta2 = 0.999, double eps = 1e-8, double weightDecay = 0.01)
        : base(parameters, learningRate, beta1, beta2, eps, weightDecay, decoupled: true)
    {
    }

    public AdamW(IEnumerable<Tensor> parameters, double learningRate = 1e-3, double beta1 = 0.9, double beta2 = 0.999, double eps = 1e-8, double weightDecay = 0.01)
        : base(Indexed(parameters), learningRate, beta1, beta2, eps, weightDecay, decoupled: true)
    {
    }
}
