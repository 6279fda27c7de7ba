namespace RobustGate.Engine.Benchmarks;

/// <summary>
/// Where one training step's time goes: its phases (medians of whole steps) and, per op kind, the
/// forward and backward time of the graph's nodes run one at a time (see <see cref="StepProfiler"/>).
/// </summary>
public sealed record StepProfile(
    string Arch,
    int Batch,
    int Threads,
    double StepMs,
    double ForwardMs,
    double BackwardMs,
    double OptimizerMs,
    IReadOnlyList<OpKindTiming> Ops)
{
    /// <summary>Forward time of ops not replayed one at a time (pooling, normalisation of the input, reshapes): the step's forward minus the replayed kinds.</summary>
    public double UnattributedForwardMs => ForwardMs - Ops.Where(o => !double.IsNaN(o.ForwardMs)).Sum(o => o.ForwardMs);
}
