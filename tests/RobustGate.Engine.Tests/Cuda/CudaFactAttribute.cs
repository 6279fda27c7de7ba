using RobustGate.Engine.Cuda;

namespace RobustGate.Engine.Tests.Cuda;

/// <summary>A fact that needs a CUDA device: skipped, with the probe's reason, where none opens.</summary>
public sealed class CudaFactAttribute : FactAttribute
{
    private static readonly Lazy<string?> Unavailable = new(() => CudaDevice.TryOpen(0, out _, out var reason) ? null : $"no CUDA device: {reason}");

    public CudaFactAttribute()
    {
        if (Unavailable.Value is { } reason)
        {
            Skip = reason;
        }
    }
}
