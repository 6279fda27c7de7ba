using RobustGate.Engine.Tensors;

namespace RobustGate.Engine.Attacks;

/// <summary>
/// The outcome of an attack on a batch. Success and robustness come from re-evaluating the returned
/// images with the model (never from the attack's internal bookkeeping).
/// </summary>
public sealed class AttackResult
{
    internal AttackResult(
        string attack,
        float[] adversarial,
        int[] shape,
        bool[] cleanCorrect,
        int[] predictions,
        int[] labels,
        int zeroGradientSamples,
        int nonFiniteGradientSamples,
        IReadOnlyList<string> warnings,
        long forwardImages,
        long backwardImages)
    {
        Attack = attack;
        Adversarial = adversarial;
        Shape = shape;
        CleanCorrect = cleanCorrect;
        Predictions = predictions;
        Success = new bool[labels.Length];
        Robust = new bool[labels.Length];
        for (var i = 0; i < labels.Length; i++)
        {
            Success[i] = predictions[i] != labels[i];
            Robust[i] = cleanCorrect[i] && !Success[i];
        }

        ZeroGradientSamples = zeroGradientSamples;
        NonFiniteGradientSamples = nonFiniteGradientSamples;
        Warnings = warnings;
        ForwardImages = forwardImages;
        BackwardImages = backwardImages;
    }

    public string Attack { get; }

    /// <summary>Adversarial images, N x C x H x W in [0, 1], in input order.</summary>
    public float[] Adversarial { get; }

    public int[] Shape { get; }

    public int Count => CleanCorrect.Length;

    /// <summary>Whether the clean image was classified correctly.</summary>
    public bool[] CleanCorrect { get; }

    /// <summary>The model's class for each returned image (lowest index on ties).</summary>
    public int[] Predictions { get; }

    /// <summary>The returned image is misclassified.</summary>
    public bool[] Success { get; }

    /// <summary>Correct clean and correct under the attack (the AutoAttack/RobustBench convention).</summary>
    public bool[] Robust { get; }

    public int CleanCorrectCount => CleanCorrect.Count(c => c);

    public int RobustCount => Robust.Count(r => r);

    public double CleanAccuracy => Count == 0 ? 0 : (double)CleanCorrectCount / Count;

    public double RobustAccuracy => Count == 0 ? 0 : (double)RobustCount / Count;

    /// <summary>Attacked samples whose input gradient was all zero at the attack's first gradient (gradient masking or saturation).</summary>
    public int ZeroGradientSamples { get; }

    /// <summary>Attacked samples with a NaN or infinite input gradient at any step (treated as zero).</summary>
    public int NonFiniteGradientSamples { get; }

    /// <summary>Sanity-check findings (gradient masking, skipped parts), as data for the report.</summary>
    public IReadOnlyList<string> Warnings { get; }

    /// <summary>Images pushed through forward passes, clean and final checks included.</summary>
    public long ForwardImages { get; }

    /// <summary>Images whose input gradient was computed.</summary>
    public long BackwardImages { get; }

    /// <summary>For composite attacks, the robust count after each component in order; empty otherwise.</summary>
    public IReadOnlyList<AttackStage> Stages { get; init; } = [];

    public Tensor ToTensor() => Tensor.FromArray((float[])Adversarial.Clone(), Shape);
}
