namespace RobustGate.Engine.Tests.Cuda;

/// <summary>A theory that needs a CUDA device: skipped, with the probe's reason, where none opens.</summary>
public sealed class CudaTheoryAttribute : TheoryAttribute
{
    public CudaTheoryAttribute() => Skip = CudaAvailability.SkipReason;
}
