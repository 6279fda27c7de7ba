using RobustGate.Engine.Kernels;

namespace RobustGate.Engine.Benchmarks;

/// <summary>
/// One named workload of <c>robustgate bench</c> and of bench/pytorch_workloads.py, which defines the
/// same names, shapes, batch sizes and repeats. GEMM workloads use <see cref="M"/>, <see cref="N"/>,
/// <see cref="K"/>; model workloads use <see cref="Arch"/> and <see cref="Batch"/>.
/// </summary>
/// <param name="Warmups">Untimed runs before the samples.</param>
/// <param name="DefaultRepeats">Timed samples when the caller does not choose: fewer for the heavy steps so the whole side-by-side stays within its time budget.</param>
public sealed record BenchmarkWorkload(
    string Name,
    WorkloadKind Kind,
    string Description,
    int DefaultRepeats,
    int Warmups = 2,
    int M = 0,
    int N = 0,
    int K = 0,
    string Arch = "",
    int Batch = 0,
    Transpose TransA = Transpose.No,
    Transpose TransB = Transpose.No)
{
    /// <summary>Floating-point operations of one GEMM call (a multiply-add counts as two).</summary>
    public double GemmFlops => 2.0 * M * N * K;

    public bool IsModel => Kind is WorkloadKind.Inference or WorkloadKind.PgdStep or WorkloadKind.TrainingStep;
}
