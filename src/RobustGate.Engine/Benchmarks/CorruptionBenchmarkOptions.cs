using RobustGate.Engine.Corruptions;

namespace RobustGate.Engine.Benchmarks;

/// <summary>What <see cref="CorruptionBenchmark.Run"/> measures. Defaults match the reference table: severity 3, 224 and 32 px.</summary>
public sealed record CorruptionBenchmarkOptions
{
    public CorruptionProfile Profile { get; init; } = CorruptionProfile.ImageCorruptions;

    /// <summary>Frost texture folder; null times frost with the procedural texture.</summary>
    public string? FrostDirectory { get; init; }

    public int Severity { get; init; } = 3;

    public IReadOnlyList<int> Sizes { get; init; } = [224, 32];

    /// <summary>Corruption names; null = the 15 benchmark corruptions and the 4 extras.</summary>
    public IReadOnlyList<string>? Corruptions { get; init; }

    /// <summary>Timed repetitions; the median is reported.</summary>
    public int Repetitions { get; init; } = 5;

    /// <summary>Images per repetition on one thread (per thread for the all-threads figure).</summary>
    public int ImagesPerRepetition { get; init; } = 3;

    /// <summary>Threads for the throughput figure; null = all processors.</summary>
    public int? Threads { get; init; }
}
