using RobustGate.Engine.Benchmarks;
using RobustGate.Engine.Corruptions;

namespace RobustGate.Engine.Tests.Corruptions;

public sealed class CorruptionBenchmarkTests
{
    [Fact]
    public void Benchmark_reports_one_timing_per_corruption_and_size_with_reference_numbers()
    {
        var result = CorruptionBenchmark.Run(new CorruptionBenchmarkOptions
        {
            Sizes = [32],
            Corruptions = ["contrast", "fog", "noc_blur"],
            Repetitions = 1,
            ImagesPerRepetition = 1,
            Threads = 2,
        });

        Assert.Equal(3, result.Timings.Count);
        Assert.All(result.Timings, t => Assert.True(t.OneThreadSeconds > 0 && t.AllThreadsSecondsPerImage > 0, t.Corruption));
        Assert.Equal(0.00032, result.Timings.Single(t => t.Corruption == "fog").ReferenceSeconds(CorruptionProfile.ImageCorruptions));
        Assert.Null(result.Timings.Single(t => t.Corruption == "noc_blur").ReferenceSeconds(CorruptionProfile.ImageCorruptions));
        Assert.Equal(result.Timings.Where(t => t.Corruption != "noc_blur").Sum(t => t.OneThreadSeconds), result.Benchmark15OneThreadSum(32));
    }

    [Fact]
    public void Reference_table_covers_the_nineteen_corruptions_and_sums_like_the_readme()
    {
        Assert.Equal(
            CorruptionRegistry.Benchmark15.Concat(CorruptionRegistry.Extra4).Order(StringComparer.Ordinal),
            CorruptionReferenceTimings.Rows.Select(r => r.Corruption).Order(StringComparer.Ordinal));

        // README: the numba column sums to 0.168 s over the 15 benchmark corruptions (rounded to 1 ms).
        var sum = CorruptionReferenceTimings.Rows.Where(r => CorruptionRegistry.Benchmark15.Contains(r.Corruption)).Sum(r => r.Numba224);
        Assert.Equal(CorruptionReferenceTimings.NumbaBenchmark15Sum224, sum, 0.001);
    }
}
