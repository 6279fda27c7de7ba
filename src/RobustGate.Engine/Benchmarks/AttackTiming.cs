namespace RobustGate.Engine.Benchmarks;

/// <summary>
/// The cost of one attack on one batch: wall time, and images pushed through forward and backward
/// passes, expressed as multiples of one clean forward pass over the same batch.
/// </summary>
public sealed record AttackTiming(string Attack, int Images, double Seconds, double CleanForwardSeconds, long ForwardImages, long BackwardImages, double RobustAccuracy)
{
    /// <summary>Attack time divided by the time of one clean forward pass over the batch.</summary>
    public double CostInForwardPasses => CleanForwardSeconds > 0 ? Seconds / CleanForwardSeconds : double.NaN;

    /// <summary>Forward passes per image (clean pass and final re-evaluation included).</summary>
    public double ForwardsPerImage => Images == 0 ? 0 : (double)ForwardImages / Images;

    /// <summary>Input-gradient (backward) passes per image.</summary>
    public double BackwardsPerImage => Images == 0 ? 0 : (double)BackwardImages / Images;
}
