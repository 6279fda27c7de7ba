using RobustGate.Engine.Autograd;
using RobustGate.Engine.Nn;
using RobustGate.Engine.Tensors;

namespace RobustGate.Engine.Attacks;

/// <summary>
/// The attacks' only access to a model: logits, and the gradient of a per-sample loss with respect
/// to the input pixels. While it lives the model is in eval mode and its parameters do not require
/// gradients (only the input gradient is needed, so parameter gradients are neither formed nor
/// accumulated); <see cref="Dispose"/> restores both. It counts the images pushed through forward
/// and backward passes, the cost unit of <see cref="Benchmarks.AttackBenchmark"/>.
/// </summary>
internal sealed class ModelOracle : IDisposable
{
    private readonly Module _model;
    private readonly bool _wasTraining;
    private readonly List<Tensor> _frozen = [];
    private float[] _logitGradient = [];

    public ModelOracle(Module model, int channels, int height, int width)
    {
        ArgumentNullException.ThrowIfNull(model);
        _model = model;
        _wasTraining = model.Training;
        model.Eval();
        foreach (var p in model.Parameters())
        {
            if (p.RequiresGrad)
            {
                p.RequiresGrad = false;
                _frozen.Add(p);
            }
        }

        Channels = channels;
        Height = height;
        Width = width;
    }

    public int Channels { get; }

    public int Height { get; }

    public int Width { get; }

    public int Elements => Channels * Height * Width;

    /// <summary>Number of classes, known after the first call.</summary>
    public int Classes { get; private set; }

    /// <summary>Images passed through the model (forward passes, counted per image).</summary>
    public long ForwardImages { get; private set; }

    /// <summary>Images whose input gradient was computed (backward passes, counted per image).</summary>
    public long BackwardImages { get; private set; }

    /// <summary>Logits of <paramref name="count"/> images, row-major count x classes.</summary>
    public float[] Logits(ReadOnlySpan<float> pixels, int count)
    {
        using var scope = new TensorScope();
        using var noGrad = new NoGrad();
        var x = Tensor.FromSpan(pixels[..(count * Elements)], count, Channels, Height, Width);
        var logits = _model.Forward(x);
        ForwardImages += count;
        return CheckedLogits(logits, count).ToArray();
    }

    /// <summary>
    /// Per-sample <paramref name="loss"/> values, the input gradient of their sum (per-sample
    /// gradients do not shrink with the batch size) and the logits at <paramref name="pixels"/>.
    /// </summary>
    public void LossGradient(
        ReadOnlySpan<float> pixels,
        int count,
        AttackLoss loss,
        ReadOnlySpan<int> labels,
        ReadOnlySpan<int> targets,
        Span<double> losses,
        Span<float> gradient,
        Span<float> logitsOut)
    {
        using var scope = new TensorScope();
        var x = Tensor.FromSpan(pixels[..(count * Elements)], count, Channels, Height, Width).RequiresGrad_();
        var logits = _model.Forward(x);
        var values = CheckedLogits(logits, count);
        var k = Classes;
        if (_logitGradient.Length < count * k)
        {
            _logitGradient = new float[count * k];
        }

        for (var i = 0; i < count; i++)
        {
            var row = values.Slice(i * k, k);
            losses[i] = LossFunctions.Evaluate(loss, row, labels[i], targets.IsEmpty ? -1 : targets[i], _logitGradient.AsSpan(i * k, k));
        }

        values.CopyTo(logitsOut);
        // A model whose output does not depend on its input records no graph: its gradient is zero.
        if (logits.RequiresGrad)
        {
            var upstream = Tensor.FromSpan(_logitGradient.AsSpan(0, count * k), count, k);
            logits.Backward(upstream);
        }

        if (x.Grad is { } grad)
        {
            grad.ReadOnlySpan.CopyTo(gradient);
            x.ZeroGrad();
        }
        else
        {
            gradient[..(count * Elements)].Clear();
        }

        ForwardImages += count;
        BackwardImages += count;
    }

    public void Dispose()
    {
        foreach (var p in _frozen)
        {
            p.RequiresGrad = true;
        }

        _frozen.Clear();
        _model.Train(_wasTraining);
    }

    private ReadOnlySpan<float> CheckedLogits(Tensor logits, int count)
    {
        var values = logits.ReadOnlySpan;
        if (count == 0)
        {
            return values;
        }

        var classes = values.Length / count;
        if (logits.Dim != 2 || classes * count != values.Length)
        {
            throw new InvalidInputException($"the model produced shape [{string.Join(", ", logits.Shape)}] for {count} images; attacks need N x classes logits");
        }

        Classes = classes;
        return values;
    }
}
