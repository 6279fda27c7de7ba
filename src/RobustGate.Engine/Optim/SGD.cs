using RobustGate.Engine.Nn;
using RobustGate.Engine.Tensors;
using Tensor = RobustGate.Engine.Tensors.Tensor;

namespace RobustGate.Engine.Optim;

/// <summary>
/// Stochastic gradient descent exactly as PyTorch 1.13 applies it, per parameter p with
/// gradient g: <c>d = g + weightDecay * p</c>; with momentum, <c>buf = d</c> on the first step
/// and <c>buf = momentum * buf + (1 - dampening) * d</c> after, then <c>d = d + momentum * buf</c>
/// (Nesterov) or <c>d = buf</c>; finally <c>p -= lr * d</c>. State slot: <c>momentum_buffer</c>.
/// </summary>
public sealed class SGD : Optimizer
{
    private readonly float[]?[] _momentumBuffers;

    public SGD(IEnumerable<(string Name, Tensor Parameter)> parameters, double learningRate, double momentum = 0, double dampening = 0, double weightDecay = 0, bool nesterov = false)
        : base(parameters, learningRate)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(momentum);
        ArgumentOutOfRangeException.ThrowIfNegative(weightDecay);
        if (nesterov && (momentum <= 0 || dampening != 0))
        {
            throw new ArgumentException("Nesterov momentum requires a momentum and zero dampening.", nameof(nesterov));
        }

        Momentum = momentum;
        Dampening = dampening;
        WeightDecay = weightDecay;
        Nesterov = nesterov;
        _momentumBuffers = new float[ParameterCount][];
    }

    public SGD(IEnumerable<Tensor> parameters, double learningRate, double momentum = 0, double dampening = 0, double weightDecay = 0, bool nesterov = false)
        : this(Indexed(parameters), learningRate, momentum, dampening, weightDecay, nesterov)
    {
    }

    public double Momentum { get; }

    public double Dampening { get; }

    public double WeightDecay { get; }

    public bool Nesterov { get; }

    protected override void Update(int index, Span<float> parameter, ReadOnlySpan<float> gradient)
    {
        var first = false;
        var buffer = Span<float>.Empty;
        if (Momentum != 0)
        {
            var stored = _momentumBuffers[index];
            if (stored is null)
            {
                stored = new float[parameter.Length];
                _momentumBuffers[index] = stored;
                first = true;
            }

            buffer = stored;
        }

        var settings = new SgdUpdateKernel.Settings((float)LearningRate, (float)Momentum, (float)(1 - Dampening), (float)WeightDecay, Nesterov, first);
        SgdUpdateKernel.Apply(parameter, gradient, buffer, settings);
    }

    protected override IEnumerable<(string Slot, StateEntry Entry)> ExportSlots(int index)
    {
        if (_momentumBuffers[index] is { } buffer)
        {
            yield return ("momentum_buffer", StateEntry.FromFloat32((float[])buffer.Clone(), ShapeOf(index)));
        }
    }

    protected override string? ImportSlots(int index, int numel, StateDict slots)
    {
        var problem = ReadSlot(slots, "momentum_buffer", numel, out var buffer);
        if (problem is null)
        {
            _momentumBuffers[index] = buffer;
        }

        return problem;
    }
}
