namespace RobustGate.Engine.Cuda;

/// <summary>
/// How the CUDA backend computes. By default results stay comparable with the CPU: plain FP32
/// (no TF32 tensor-core rounding) and deterministic cuDNN algorithms only.
/// </summary>
public sealed record CudaOptions
{
    /// <summary>Set to 1 to allow TF32 in cuBLAS and cuDNN (faster, ~1e-3 relative error).</summary>
    public const string Tf32Variable = "ROBUSTGATE_CUDA_TF32";

    /// <summary>Set to 1 to let cuDNN pick non-deterministic convolution algorithms.</summary>
    public const string NondeterministicVariable = "ROBUSTGATE_CUDA_NONDETERMINISTIC";

    public static CudaOptions Default { get; } = new();

    public bool AllowTf32 { get; init; }

    public bool Deterministic { get; init; } = true;

    /// <summary>The largest cuDNN workspace an algorithm may ask for.</summary>
    public long MaxWorkspaceBytes { get; init; } = 1L << 30;

    public static CudaOptions FromEnvironment() => new()
    {
        AllowTf32 = Environment.GetEnvironmentVariable(Tf32Variable) == "1",
        Deterministic = Environment.GetEnvironmentVariable(NondeterministicVariable) != "1",
    };
}
