using RobustGate.Engine.Autograd;
using RobustGate.Engine.Tensors;

namespace RobustGate.Engine.Nn;

/// <summary>
/// Weight initialisation with torch.nn.init's distributions, drawn from an explicit seeded
/// generator (the values differ from PyTorch's, whose generator is different; the
/// distributions are the same). Fan-in/out follow PyTorch: dim 1 (dim 0) times the receptive
/// field size for fan_in (fan_out).
/// </summary>
public static class Init
{
    public static (int FanIn, int FanOut) Fans(Tensor weight)
    {
        ArgumentNullException.ThrowIfNull(weight);
        var shape = weight.Shape;
        if (shape.Length < 2)
        {
            throw new ArgumentException("Fan in and fan out need a tensor with at least 2 dimensions.", nameof(weight));
        }

        var receptive = 1;
        for (var i = 2; i < shape.Length; i++)
        {
            receptive *= shape[i];
        }

        return (shape[1] * receptive, shape[0] * receptive);
    }

    /// <summary>Fills with U(low, high).</summary>
    public static void Uniform(Tensor tensor, double low, double high, Generator generator)
    {
        ArgumentNullException.ThrowIfNull(tensor);
        ArgumentNullException.ThrowIfNull(generator);
        var span = tensor.Span;
        for (var i = 0; i < span.Length; i++)
        {
            span[i] = (float)(low + ((high - low) * generator.NextDouble()));
        }
    }

    /// <summary>Fills with N(mean, std^2).</summary>
    public static void Normal(Tensor tensor, double mean, double std, Generator generator)
    {
        ArgumentNullException.ThrowIfNull(tensor);
        ArgumentNullException.ThrowIfNull(generator);
        var span = tensor.Span;
        for (var i = 0; i < span.Length; i++)
        {
            span[i] = (float)(mean + (std * generator.NextNormal()));
        }
    }

    public static void Constant(Tensor tensor, float value)
    {
        ArgumentNullException.ThrowIfNull(tensor);
        using var _ = new NoGrad();
        tensor.Span.Fill(value);
    }

    /// <summary>kaiming_normal_(mode='fan_out', nonlinearity='relu'): std = sqrt(2 / fan_out).</summary>
    public static void KaimingNormalFanOut(Tensor weight, Generator generator)
    {
        var (_, fanOut) = Fans(weight);
        Normal(weight, 0, Math.Sqrt(2.0 / fanOut), generator);
    }

    /// <summary>
    /// PyTorch's default for Conv and Linear weights, kaiming_uniform_(a = sqrt(5)):
    /// bound = gain * sqrt(3 / fan_in) with gain = sqrt(2 / (1 + a^2)), i.e. 1 / sqrt(fan_in).
    /// </summary>
    public static void DefaultWeight(Tensor weight, Generator generator)
    {
        var (fanIn, _) = Fans(weight);
        var bound = 1.0 / Math.Sqrt(fanIn);
        Uniform(weight, -bound, bound, generator);
    }

    /// <summary>PyTorch's default bias: U(-1/sqrt(fan_in), 1/sqrt(fan_in)) with the weight's fan_in.</summary>
    public static void DefaultBias(Tensor bias, int fanIn, Generator generator)
    {
        var bound = fanIn > 0 ? 1.0 / Math.Sqrt(fanIn) : 0;
        Uniform(bias, -bound, bound, generator);
    }
}
