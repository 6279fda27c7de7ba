using RobustGate.Engine.Autograd;
using RobustGate.Engine.Nn;
using RobustGate.Engine.Tensors;

namespace RobustGate.Engine.Evaluation;

/// <summary>An engine <see cref="Module"/> in eval mode as an <see cref="IClassifier"/>: argmax of the logits, first maximum on ties (as torch.argmax).</summary>
public sealed class ModuleClassifier : IClassifier
{
    private readonly Module _model;

    public ModuleClassifier(Module model, int classCount, ModelInputSpec input)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(input);
        _model = model;
        _model.Eval();
        ClassCount = classCount;
        Input = input;
    }

    public int ClassCount { get; }

    public ModelInputSpec Input { get; }

    public void Predict(ReadOnlySpan<float> batch, int count, Span<int> predictions)
    {
        using var noGrad = new NoGrad();
        using var x = Tensor.FromSpan(batch[..(count * Input.ElementsPerImage)], count, Input.Channels, Input.Height, Input.Width);
        using var logits = _model.Forward(x);
        var values = logits.ReadOnlySpan;
        var classes = values.Length / Math.Max(1, count);
        if (classes != ClassCount)
        {
            throw new InvalidInputException($"the model produced {classes} logits per image, expected {ClassCount} classes");
        }

        for (var i = 0; i < count; i++)
        {
            var row = values.Slice(i * classes, classes);
            var best = 0;
            for (var c = 1; c < classes; c++)
            {
                if (row[c] > row[best])
                {
                    best = c;
                }
            }

            predictions[i] = best;
        }
    }
}
