using RobustGate.Engine.Functional;
using RobustGate.Engine.Tensors;

namespace RobustGate.Engine.Training.AugMix;

/// <summary>
/// AugMix's training loss (spec §3.3) from differentiable F operations, so autograd gives its
/// gradient: CE(clean logits, y) + λ·⅓[KL(p_c‖M) + KL(p₁‖M) + KL(p₂‖M)] with p the softmaxes,
/// M = clamp((p_c + p₁ + p₂)/3, 1e-7, 1) and each KL summed over classes and averaged over the
/// batch (PyTorch's kl_div(log M, p, reduction='batchmean')).
/// </summary>
public static class JensenShannonLoss
{
    /// <summary>The mixture's lower clamp, as in the reference.</summary>
    public const float MixtureFloor = 1e-7f;

    /// <summary>The consistency term alone: ⅓ Σ KL(pⱼ‖M) for three logit batches of equal shape.</summary>
    public static Tensor Divergence(Tensor clean, Tensor first, Tensor second)
    {
        ArgumentNullException.ThrowIfNull(clean);
        ArgumentNullException.ThrowIfNull(first);
        ArgumentNullException.ThrowIfNull(second);
        var pClean = F.Softmax(clean, 1);
        var pFirst = F.Softmax(first, 1);
        var pSecond = F.Softmax(second, 1);
        var logMixture = F.Log(F.Clamp((pClean + pFirst + pSecond) / 3f, MixtureFloor, 1f));
        var sum = F.KlDiv(logMixture, pClean, Reduction.BatchMean) + F.KlDiv(logMixture, pFirst, Reduction.BatchMean) + F.KlDiv(logMixture, pSecond, Reduction.BatchMean);
        return sum / 3f;
    }

    /// <summary>
    /// The full loss for logits of the concatenated batch [clean; augmix₁; augmix₂] (3B rows):
    /// cross-entropy on the clean third plus <paramref name="lambda"/> times the divergence.
    /// </summary>
    public static Tensor Compute(Tensor logits, int[] labels, float lambda)
    {
        ArgumentNullException.ThrowIfNull(logits);
        ArgumentNullException.ThrowIfNull(labels);
        var b = labels.Length;
        if (logits.Dim != 2 || logits.Size(0) != 3 * b)
        {
            throw new ArgumentException($"expected logits of 3x{b} rows, got {logits.Size(0)}.", nameof(logits));
        }

        var clean = logits.Narrow(0, 0, b);
        var first = logits.Narrow(0, b, b);
        var second = logits.Narrow(0, 2 * b, b);
        return F.CrossEntropy(clean, labels) + (lambda * Divergence(clean, first, second));
    }
}
