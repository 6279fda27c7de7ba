using RobustGate.Engine.Nn;
using RobustGate.Engine.Tensors;

namespace RobustGate.Engine.Optim;

/// <summary>
/// Adam as PyTorch 1.13 applies it (amsgrad off). With step t counted per parameter:
/// <c>g += weightDecay * p</c> (L2, Adam only); <c>m = b1*m + (1-b1)*g</c>;
/// <c>v = b2*v + (1-b2)*g*g</c>; <c>p -= (lr / (1 - b1^t)) * m / (sqrt(v) / sqrt(1 - b2^t) + eps)</c> —
/// eps is added after the bias correction of v, as in PyTorch. <see cref="AdamW"/> replaces the
/// L2 term by decoupled decay <c>p *= 1 - lr * weightDecay</c> before the update.
/// State slots: <c>step</c> (int64), <c>exp_avg</c>, <c>exp_avg_sq</c>.
/// </summary>
public class Adam : Optimizer
{
    private readonly float[]?[] _expAvg;
    private readonly float[]?[] _expAvgSq;
    private readonly long[] _steps;

    public Adam(IEnumerable<(string Name, Tensor Parameter)> parameters, double learningRate = 1e-3, double beta1 = 0.9, double beta2 = 0.999, double eps = 1e-8, double weightDecay = 0)
        : this(parameters, learningRate, beta1, beta2, eps, weightDecay, decoupled: false)
    {
    }

    public Adam(IEnumerable<Tensor> parameters, double learningRate = 1e-3, double beta1 = 0.9, double beta2 = 0.999, double eps = 1e-8, double weightDecay = 0)
        : this(Indexed(parameters), learningRate, beta1, beta2, eps, weightDecay, decoupled: false)
    {
    }

    private protected Adam(IEnumerable<(string Name, Tensor Parameter)> parameters, double learningRate, double beta1, double beta2, double eps, double weightDecay, bool decoupled)
        : base(parameters, learningRate)
    {
        if (beta1 is < 0 or >= 1 || beta2 is < 0 or >= 1)
        {
            throw new ArgumentOutOfRangeException(nameof(beta1), "Betas must be in [0, 1).");
        }

        ArgumentOutOfRangeException.ThrowIfNegative(eps);
        ArgumentOutOfRangeException.ThrowIfNegative(weightDecay);
        Beta1 = beta1;
        Beta2 = beta2;
        Eps = eps;
        WeightDecay = weightDecay;
        Decoupled = decoupled;
        _expAvg = new float[ParameterCount][];
        _expAvgSq = new float[ParameterCount][];
        _steps = new long[ParameterCount];
    }

    public double Beta1 { get; }

    public double Beta2 { get; }

    public double Eps { get; }

    public double WeightDecay { get; }

    /// <summary>True for AdamW's decoupled weight decay.</summary>
    public bool Decoupled { get; }

    protected override void Update(int index, Span<float> parameter, ReadOnlySpan<float> gradient)
    {
        var m = _expAvg[index] ??= new float[parameter.Length];
        var v = _expAvgSq[index] ??= new float[parameter.Length];
        var step = ++_steps[index];
        var lr = LearningRate;
        var b1 = (float)Beta1;
        var oneMinusB1 = (float)(1 - Beta1);
        var b2 = (float)Beta2;
        var oneMinusB2 = (float)(1 - Beta2);
        var wd = (float)WeightDecay;
        var eps = (float)Eps;

        // PyTorch computes the corrections in double and applies them as float scalars.
        var biasCorrection1 = 1 - Math.Pow(Beta1, step);
        var biasCorrection2Sqrt = (float)Math.Sqrt(1 - Math.Pow(Beta2, step));
        var stepSize = (float)(lr / biasCorrection1);
        var decay = (float)(1 - (lr * WeightDecay));
        var settings = new AdamUpdateKernel.Settings(b1, oneMinusB1, b2, oneMinusB2, wd, decay, Decoupled, stepSize, biasCorrection2Sqrt, eps);
        AdamUpdateKernel.Apply(parameter, gradient, m, v, settings);
    }

    protected override IEnumerable<(string Slot, StateEntry Entry)> ExportSlots(int index)
    {
        if (_expAvg[index] is { } m && _expAvgSq[index] is { } v)
        {
            yield return ("step", StateEntry.Scalar(_steps[index]));
            yield return ("exp_avg", StateEntry.FromFloat32((float[])m.Clone(), ShapeOf(index)));
            yield return ("exp_avg_sq", StateEntry.FromFloat32((float[])v.Clone(), ShapeOf(index)));
        }
    }

    protected override string? ImportSlots(int index, int numel, StateDict slots)
    {
        ArgumentNullException.ThrowIfNull(slots);
        if (!slots.TryGet("step", out var step))
        {
            return null;
        }

        if (step.DType != StateDType.Int64 || step.ElementCount != 1 || step.Int64![0] < 0)
        {
            return $"'step' must be a non-negative int64 scalar, found {step.DType} {step.ShapeText}";
        }

        var problem = ReadSlot(slots, "exp_avg", numel, out var m);
        if (problem is not null)
        {
            return problem;
        }

        problem = ReadSlot(slots, "exp_avg_sq", numel, out var v);
        if (problem is not null)
        {
            return problem;
        }

        if (m is null || v is null)
        {
            return "'step' is present but 'exp_avg' or 'exp_avg_sq' is missing";
        }

        _steps[index] = step.Int64[0];
        _expAvg[index] = m;
        _expAvgSq[index] = v;
        return null;
    }
}
