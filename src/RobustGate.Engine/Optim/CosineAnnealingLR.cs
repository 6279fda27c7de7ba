namespace RobustGate.Engine.Optim;

/// <summary>
/// Cosine annealing (PyTorch's closed form, no restarts) with an optional linear warmup.
/// Without warmup: <c>lr(e) = etaMin + (base - etaMin) * (1 + cos(pi * e / tMax)) / 2</c>, and
/// epochs past <c>tMax</c> stay at <c>etaMin</c> (PyTorch would climb back up the cosine; a
/// training run never wants that). With <c>warmupEpochs = W &gt; 0</c>: epochs <c>e &lt; W</c>
/// train at <c>base * (e + 1) / W</c>, then the cosine runs over the remaining
/// <c>tMax - W</c> epochs.
/// </summary>
public sealed class CosineAnnealingLR : LearningRateScheduler
{
    public CosineAnnealingLR(Optimizer optimizer, int tMax, double etaMin = 0, int warmupEpochs = 0)
        : base(optimizer)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(tMax, 1);
        ArgumentOutOfRangeException.ThrowIfNegative(warmupEpochs);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(warmupEpochs, tMax, nameof(warmupEpochs));
        TMax = tMax;
        EtaMin = etaMin;
        WarmupEpochs = warmupEpochs;
        Apply();
    }

    public int TMax { get; }

    public double EtaMin { get; }

    public int WarmupEpochs { get; }

    public override double LearningRateAt(int epoch)
    {
        if (epoch < WarmupEpochs)
        {
            return BaseLearningRate * (epoch + 1) / WarmupEpochs;
        }

        var span = TMax - WarmupEpochs;
        var t = Math.Min(epoch - WarmupEpochs, span);
        return EtaMin + ((BaseLearningRate - EtaMin) * (1 + Math.Cos(Math.PI * t / span)) / 2);
    }
}
