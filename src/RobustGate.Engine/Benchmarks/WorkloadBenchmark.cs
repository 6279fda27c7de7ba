using System.Diagnostics;
using RobustGate.Engine.Kernels;
using RobustGate.Engine.Models;
using RobustGate.Engine.Tensors;

namespace RobustGate.Engine.Benchmarks;

/// <summary>
/// Times one <see cref="BenchmarkWorkload"/> the way bench/pytorch_workloads.py times it in
/// PyTorch: the same inputs, untimed warm-up runs first (JIT, buffer pools and optimizer state
/// populated), then <c>repeats</c> timed samples whose median is quoted. Steady-state costs stay
/// in the samples: every sample allocates (or takes from the pools) what a real step would.
/// </summary>
public static class WorkloadBenchmark
{
    /// <summary>A GEMM sample repeats the call until it does at least this much work, so a small shape's sample is not one timer tick.</summary>
    public const double GemmFlopsPerSample = 1e9;

    /// <summary>Least untimed warm-up of a model workload, seconds (after its <see cref="BenchmarkWorkload.Warmups"/> steps).</summary>
    public const double ModelWarmUpSeconds = 3.0;

    /// <summary>
    /// Untimed warm-up of a GEMM workload, seconds (at least one sample's worth of calls). Not one sample: a small
    /// shape's five samples last about 20 ms, and the runtime's background work after the previous workload (tier-1
    /// compilation of what it first ran, a collection of its arrays) took one of the two cores for that long and
    /// halved a 2-thread figure.
    /// </summary>
    public const double GemmWarmUpSeconds = 1.0;

    /// <summary>Measures <paramref name="workload"/> with <paramref name="threads"/> engine threads.</summary>
    public static WorkloadResult Run(BenchmarkWorkload workload, int threads, int repeats)
    {
        ArgumentNullException.ThrowIfNull(workload);
        ArgumentOutOfRangeException.ThrowIfLessThan(threads, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(repeats, 1);
        return workload.Kind switch
        {
            WorkloadKind.FmaPeak => RunFmaPeak(workload, threads, repeats),
            WorkloadKind.Gemm => RunGemm(workload, threads, repeats),
            _ => RunModel(workload, threads, repeats),
        };
    }

    /// <summary>GEMM calls per sample: enough to reach <see cref="GemmFlopsPerSample"/>.</summary>
    public static int GemmCallsPerSample(BenchmarkWorkload workload) => (int)Math.Max(1, Math.Ceiling(GemmFlopsPerSample / workload.GemmFlops));

    private static WorkloadResult RunFmaPeak(BenchmarkWorkload workload, int threads, int repeats)
    {
        // A sample is the best of FmaPeak's rounds (a ceiling), stored as seconds per GFLOP so the
        // median sample's rate is the median peak.
        var samples = new double[repeats];
        for (var r = 0; r < repeats; r++)
        {
            samples[r] = 1.0 / FmaPeak.Measure(threads);
        }

        return new WorkloadResult(workload, threads, samples, 1e9, 1e9);
    }

    private static WorkloadResult RunGemm(BenchmarkWorkload workload, int threads, int repeats)
    {
        var calls = GemmCallsPerSample(workload);
        var shape = new GemmShape(workload.TransA, workload.TransB, workload.M, workload.N, workload.K, PrepackedB: false);
        var samples = GemmShapeBenchmark.Samples(shape, threads, repeats, calls, GemmWarmUpSeconds);
        var flops = workload.GemmFlops * calls;
        return new WorkloadResult(workload, threads, samples, flops, flops);
    }

    private static WorkloadResult RunModel(BenchmarkWorkload workload, int threads, int repeats)
    {
        var previousThreads = EngineThreads.Count;
        EngineThreads.Count = threads;
        try
        {
            var info = ModelRegistry.Get(workload.Arch);
            var model = info.Create(seed: 1);
            var (c, h, w) = info.InputSize;
            var batch = workload.Batch;
            using var x = BenchmarkInputs.Images(batch, c, h, w);
            var labels = BenchmarkInputs.Labels(batch, info.DefaultClasses);

            var step = ModelSteps.Create(workload.Kind, model, x, labels);
            var samples = new double[repeats];

            // The first warm-up step fills the buffer pools and creates optimizer state; a second
            // (light workloads) runs with both in place, as every later step does. Warm-up then goes on
            // for ModelWarmUpSeconds in all: the runtime optimises a method fully only after 30 calls and a
            // quiet spell, and the tiny CNN's 11 samples last about a second, so they timed partly
            // unoptimised code (1394 images/s in a fresh process against 2339 after other workloads).
            var warmUp = Stopwatch.StartNew();
            for (var r = 0; r < workload.Warmups || warmUp.Elapsed.TotalSeconds < ModelWarmUpSeconds; r++)
            {
                step();
            }

            for (var r = 0; r < repeats; r++)
            {
                var clock = Stopwatch.StartNew();
                step();
                samples[r] = clock.Elapsed.TotalSeconds;
            }

            var flops = ModelFlops.PerSample(workload.Kind, ModelFlops.ForwardPerImage(model, info.InputSize), batch);
            return new WorkloadResult(workload, threads, samples, batch, flops);
        }
        finally
        {
            EngineThreads.Count = previousThreads;
        }
    }
}
