using RobustGate.Engine.Autograd;
using RobustGate.Engine.Models;
using RobustGate.Engine.Nn;
using RobustGate.Engine.Tensors;

namespace RobustGate.Engine.Tests.Attacks;

/// <summary>Small models and batches for attack tests.</summary>
internal static class AttackFixtures
{
    /// <summary>A freshly initialised smallcnn (1 x 28 x 28, 10 classes).</summary>
    public static NormalizedModel SmallCnn(ulong seed = 3) => ModelRegistry.Create("smallcnn", 10, 1, seed);

    /// <summary>Uniform random images in [0, 1].</summary>
    public static Tensor Images(int count, ulong seed = 11, int channels = 1, int size = 28) =>
        Tensor.Rand(new Generator(seed), count, channels, size, size);

    /// <summary>
    /// The model's own predictions as labels, except that every fourth sample gets a wrong label:
    /// most samples are correct clean (something to attack), a few are not (they must stay non-robust).
    /// </summary>
    public static int[] Labels(Module model, Tensor images)
    {
        model.Eval();
        using var noGrad = new NoGrad();
        using var logits = model.Forward(images);
        using var predicted = logits.ArgMax(1);
        var labels = predicted.ToArray().Select(v => (int)v).ToArray();
        for (var i = 3; i < labels.Length; i += 4)
        {
            labels[i] = (labels[i] + 1) % 10;
        }

        return labels;
    }
}
