namespace RobustGate.Engine.Benchmarks;

/// <summary>What one benchmark workload times, and so which unit its rate is in.</summary>
public enum WorkloadKind
{
    /// <summary>The FMA throughput ceiling, GFLOP/s.</summary>
    FmaPeak,

    /// <summary>One SGEMM shape (C = A * B, row-major, no transposes), GFLOP/s.</summary>
    Gemm,

    /// <summary>An eval-mode forward pass without a graph, images/s.</summary>
    Inference,

    /// <summary>One L∞ PGD iteration: eval-mode forward, backward to the input only, sign step and projection, images/s.</summary>
    PgdStep,

    /// <summary>One training step: train-mode forward, cross-entropy, full backward, SGD with momentum, images/s.</summary>
    TrainingStep,
}
