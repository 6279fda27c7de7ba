using RobustGate.Engine.Nn;
using RobustGate.Engine.Tensors;

namespace RobustGate.Engine.Tests.Attacks;

/// <summary>
/// A model whose decision depends on its input but records no gradient (a non-differentiable
/// defence, the textbook gradient masking): class 0 wins while the image's mean pixel stays below
/// its threshold, class 1 once it exceeds it.
/// </summary>
internal sealed class MaskedGradientModel(float threshold) : Module
{
    public override Tensor Forward(Tensor input)
    {
        var n = input.Size(0);
        var per = input.Numel / n;
        var pixels = input.ReadOnlySpan;
        var logits = new float[n * 10];
        for (var i = 0; i < n; i++)
        {
            double sum = 0;
            foreach (var v in pixels.Slice(i * per, per))
            {
                sum += v;
            }

            logits[i * 10] = 100f * (threshold - (float)(sum / per));
        }

        return Tensor.FromArray(logits, n, 10);
    }
}
