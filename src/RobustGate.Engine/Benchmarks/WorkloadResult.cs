namespace RobustGate.Engine.Benchmarks;

/// <summary>
/// The measurement of one workload: every timed sample (after the warm-up), and the work one
/// sample does, so the rate of the median sample can be quoted in its unit.
/// </summary>
/// <param name="SampleSeconds">Wall seconds of each timed sample, in the order they ran.</param>
/// <param name="WorkPerSample">Images (model workloads) or floating-point operations (GEMM, FMA peak) per sample.</param>
/// <param name="FlopsPerSample">Floating-point operations per sample; for models, those of the convolutions and linear layers only (see <see cref="ModelFlops"/>).</param>
public sealed record WorkloadResult(BenchmarkWorkload Workload, int Threads, IReadOnlyList<double> SampleSeconds, double WorkPerSample, double FlopsPerSample)
{
    /// <summary>"images/s" for model workloads, "GFLOP/s" otherwise.</summary>
    public string Unit => Workload.IsModel ? "images/s" : "GFLOP/s";

    public double MedianSeconds => GemmBenchmarkData.Median([.. SampleSeconds]);

    /// <summary>The workload's rate at the median sample, in <see cref="Unit"/>.</summary>
    public double Rate => Workload.IsModel ? WorkPerSample / MedianSeconds : WorkPerSample / MedianSeconds / 1e9;

    /// <summary>GFLOP/s at the median sample.</summary>
    public double Gflops => FlopsPerSample / MedianSeconds / 1e9;
}
