using RobustGate.Engine.Corruptions;

namespace RobustGate.Engine.Benchmarks;

/// <summary>Median seconds per image of one corruption at one size.</summary>
public sealed record CorruptionTiming(string Corruption, int Size, double OneThreadSeconds, double AllThreadsSecondsPerImage)
{
    /// <summary>The reference's one-thread time for this corruption and size (imagecorruptions+numba, or Hendrycks' generator for those profiles), when the README has one.</summary>
    public double? ReferenceSeconds(CorruptionProfile profile)
    {
        var row = CorruptionReferenceTimings.Find(Corruption);
        if (row is null)
        {
            return null;
        }

        return (profile, Size) switch
        {
            (CorruptionProfile.ImageCorruptions, 224) => row.Numba224,
            (CorruptionProfile.ImageCorruptions, 32) => row.Numba32,
            (CorruptionProfile.ImageNetC, 224) => row.HendrycksImageNet224,
            (CorruptionProfile.Cifar, 32) => row.HendrycksCifar32,
            _ => null,
        };
    }
}

/// <summary>All timings of one benchmark run.</summary>
public sealed record CorruptionBenchmarkResult(CorruptionProfile Profile, int Severity, int Threads, IReadOnlyList<CorruptionTiming> Timings)
{
    /// <summary>Sum of the one-thread medians of the 15 benchmark corruptions at a size (compare with <see cref="CorruptionReferenceTimings.NumbaBenchmark15Sum224"/>).</summary>
    public double Benchmark15OneThreadSum(int size) =>
        Timings.Where(t => t.Size == size && CorruptionRegistry.Benchmark15.Contains(t.Corruption)).Sum(t => t.OneThreadSeconds);
}
