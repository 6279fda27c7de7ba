namespace RobustGate.Engine.Benchmarks;

/// <summary>
/// Where one training step's time goes: its phases (medians of whole steps) and, per op kind, the
/// forward and backward time of the graph's nodes run one at a time (see <see cref="StepProfiler"/>).
/// Each phase is its own median, so the phases need not add up to the median step exactly.
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
    /// <summary>The GEMM shapes one step issues, the most flops first (empty when not measured).</summary>
    public IReadOnlyList<GemmShapeTiming> GemmShapes { get; init; } = [];

    /// <summary>The FMA peak measured with the GEMM shapes, GFLOP/s at <see cref="Threads"/> threads (NaN when not measured).</summary>
    public double FmaPeakGigaflops { get; init; } = double.NaN;

    /// <summary>Totals per op name (the text before the first space of <see cref="OpKindTiming.Kind"/>: every convolution geometry adds up under conv2d).</summary>
    public IReadOnlyList<OpKindTiming> Totals => [.. Ops
        .GroupBy(o => o.Kind.Split(' ')[0], StringComparer.Ordinal)
        .Select(g => new OpKindTiming(
            g.Key,
            g.Sum(o => o.Nodes),
            g.All(o => double.IsNaN(o.ForwardMs)) ? double.NaN : g.Where(o => !double.IsNaN(o.ForwardMs)).Sum(o => o.ForwardMs),
            g.Sum(o => o.BackwardMs),
            g.Sum(o => o.Flops)))
        .OrderByDescending(o => (double.IsNaN(o.ForwardMs) ? 0 : o.ForwardMs) + o.BackwardMs)];

    /// <summary>Forward time of ops not replayed one at a time (pooling, normalisation of the input, reshapes): the step's forward minus the replayed kinds.</summary>
    public double UnattributedForwardMs => ForwardMs - Ops.Where(o => !double.IsNaN(o.ForwardMs)).Sum(o => o.ForwardMs);
}
