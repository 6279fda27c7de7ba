using RobustGate.Engine.Tensors;

namespace RobustGate.Engine.Attacks;

/// <summary>
/// The working state of one attack on one batch: clean and adversarial pixels, labels, sample ids,
/// which samples are still to be attacked, and the gradient sanity flags. Gradients are evaluated
/// only for the listed (still active) samples, gathered into one contiguous batch.
/// </summary>
internal sealed class AttackRun
{
    private readonly bool[] _zeroGradient;
    private readonly bool[] _nonFinite;
    private readonly bool[] _gradientSeen;
    private float[] _batch = [];
    private int[] _batchLabels = [];
    private int[] _batchTargets = [];

    public AttackRun(ModelOracle oracle, string attack, float[] clean, int[] labels, long[] sampleIds, ulong seed, bool[] cleanCorrect, bool stopOnSuccess)
    {
        Oracle = oracle;
        Attack = attack;
        Clean = clean;
        Adversarial = (float[])clean.Clone();
        Labels = labels;
        SampleIds = sampleIds;
        Seed = seed;
        CleanCorrect = cleanCorrect;
        StopOnSuccess = stopOnSuccess;
        Count = labels.Length;
        Elements = oracle.Elements;
        Fooled = new bool[Count];
        _zeroGradient = new bool[Count];
        _nonFinite = new bool[Count];
        _gradientSeen = new bool[Count];
    }

    public ModelOracle Oracle { get; }

    public string Attack { get; }

    public float[] Clean { get; }

    /// <summary>The images the attack returns; starts as a copy of the clean images.</summary>
    public float[] Adversarial { get; }

    public int[] Labels { get; }

    public long[] SampleIds { get; }

    public ulong Seed { get; }

    public bool[] CleanCorrect { get; }

    public bool StopOnSuccess { get; }

    public int Count { get; }

    public int Elements { get; }

    public int Classes => Oracle.Classes;

    /// <summary>Samples for which the attack has stored a misclassified image.</summary>
    public bool[] Fooled { get; }

    public List<string> Warnings { get; } = [];

    public int ZeroGradientSamples => _zeroGradient.Count(z => z);

    public int NonFiniteGradientSamples => _nonFinite.Count(z => z);

    public Span<float> CleanOf(int sample) => Clean.AsSpan(sample * Elements, Elements);

    public Span<float> AdversarialOf(int sample) => Adversarial.AsSpan(sample * Elements, Elements);

    /// <summary>The generator of sample <paramref name="sample"/> in restart <paramref name="restart"/>.</summary>
    public Generator RandomFor(int sample, int restart) => new(AttackSeeds.For(Seed, Attack, SampleIds[sample], restart));

    /// <summary>
    /// Samples to attack now: with early stopping those correct clean and not yet fooled, else all.
    /// </summary>
    public int[] Remaining() => Enumerable.Range(0, Count).Where(i => !StopOnSuccess || (CleanCorrect[i] && !Fooled[i])).ToArray();

    /// <summary>Stores <paramref name="image"/> as sample <paramref name="sample"/>'s adversarial example and marks it fooled.</summary>
    public void MarkFooled(int sample, ReadOnlySpan<float> image)
    {
        image.CopyTo(AdversarialOf(sample));
        Fooled[sample] = true;
    }

    /// <summary>
    /// Loss, input gradient and logits of the active samples, whose current images are rows
    /// <c>active[k]</c> of <paramref name="images"/> (a full N-sample array). Outputs are batch-ordered
    /// (row k belongs to active[k]). Non-finite gradients are zeroed and flagged; an all-zero gradient at
    /// a sample's first evaluation is flagged.
    /// </summary>
    public void Gradient(ReadOnlySpan<int> active, float[] images, AttackLoss loss, int[]? targets, double[] losses, float[] gradients, float[] logits)
    {
        var n = active.Length;
        var d = Elements;
        Gather(active, images);
        EnsureCapacity(ref _batchLabels, n);
        EnsureCapacity(ref _batchTargets, n);
        for (var k = 0; k < n; k++)
        {
            _batchLabels[k] = Labels[active[k]];
            _batchTargets[k] = targets is null ? -1 : targets[active[k]];
        }

        Oracle.LossGradient(_batch.AsSpan(0, n * d), n, loss, _batchLabels.AsSpan(0, n), _batchTargets.AsSpan(0, n), losses, gradients, logits);
        for (var k = 0; k < n; k++)
        {
            var i = active[k];
            var g = gradients.AsSpan(k * d, d);
            var allZero = true;
            var finite = true;
            foreach (var v in g)
            {
                finite &= float.IsFinite(v);
                allZero &= v == 0f;
            }

            if (!finite)
            {
                _nonFinite[i] = true;
                g.Clear();
            }

            if (!_gradientSeen[i])
            {
                _gradientSeen[i] = true;
                _zeroGradient[i] |= allZero;
            }
        }
    }

    /// <summary>Logits of the active samples' current images (rows active[k] of <paramref name="images"/>).</summary>
    public float[] Logits(ReadOnlySpan<int> active, float[] images)
    {
        Gather(active, images);
        return Oracle.Logits(_batch.AsSpan(0, active.Length * Elements), active.Length);
    }

    /// <summary>Whether row <paramref name="k"/> of batch logits is misclassified for sample <paramref name="sample"/>.</summary>
    public bool Misclassified(ReadOnlySpan<float> logits, int k, int sample) =>
        LossFunctions.ArgMax(logits.Slice(k * Classes, Classes)) != Labels[sample];

    /// <summary>One iteration's update of sample <paramref name="sample"/>: its current image and its loss gradient.</summary>
    public delegate void IterationStep(int sample, Span<float> image, ReadOnlySpan<float> gradient);

    /// <summary>
    /// The loop PGD and MI-FGSM share: <paramref name="steps"/> times, the cross-entropy gradient of
    /// the active samples' current images, then <paramref name="step"/> on each sample not yet fooled.
    /// With early stopping a sample leaves the loop at its first misclassified iterate. Then the last
    /// iterates are settled: fooled ones are marked, the others become the attack's output.
    /// </summary>
    public void Iterate(int[] active, float[] current, int steps, IterationStep step)
    {
        var losses = new double[active.Length];
        var gradients = new float[active.Length * Elements];
        var logits = new float[active.Length * Classes];
        for (var iteration = 0; iteration < steps && active.Length > 0; iteration++)
        {
            Gradient(active, current, AttackLoss.CrossEntropy, null, losses, gradients, logits);
            var still = new List<int>(active.Length);
            for (var k = 0; k < active.Length; k++)
            {
                var i = active[k];
                var x = current.AsSpan(i * Elements, Elements);
                if (StopOnSuccess && Misclassified(logits, k, i))
                {
                    MarkFooled(i, x);
                    continue;
                }

                step(i, x, gradients.AsSpan(k * Elements, Elements));
                still.Add(i);
            }

            active = [.. still];
        }

        if (active.Length == 0)
        {
            return;
        }

        var final = StopOnSuccess ? Logits(active, current) : null;
        for (var k = 0; k < active.Length; k++)
        {
            var i = active[k];
            var x = current.AsSpan(i * Elements, Elements);
            if (final is not null && Misclassified(final, k, i))
            {
                MarkFooled(i, x);
            }
            else
            {
                x.CopyTo(AdversarialOf(i));
            }
        }
    }

    /// <summary>Scratch sized for <paramref name="samples"/> images (reused between calls).</summary>
    public static float[] Buffer(ref float[] buffer, int length)
    {
        if (buffer.Length < length)
        {
            buffer = new float[length];
        }

        return buffer;
    }

    private void Gather(ReadOnlySpan<int> active, float[] images)
    {
        var d = Elements;
        EnsureCapacity(ref _batch, active.Length * d);
        for (var k = 0; k < active.Length; k++)
        {
            images.AsSpan(active[k] * d, d).CopyTo(_batch.AsSpan(k * d, d));
        }
    }

    private static void EnsureCapacity<T>(ref T[] buffer, int length)
    {
        if (buffer.Length < length)
        {
            buffer = new T[length];
        }
    }
}
