namespace RobustGate.Engine.Tests.Cuda;

/// <summary>A fact that needs a CUDA device: skipped, with the probe's reason, where none opens.</summary>
public sealed class CudaFactAttribute : FactAttribute
{
    public CudaFactAttribute() => Skip = CudaAvailability.SkipReason;
}
