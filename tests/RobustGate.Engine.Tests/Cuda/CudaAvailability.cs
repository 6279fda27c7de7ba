using RobustGate.Engine.Cuda;

namespace RobustGate.Engine.Tests.Cuda;

/// <summary>Whether cuda:0 opens here, probed once per test run; the skip reason when it does not.</summary>
internal static class CudaAvailability
{
    private static readonly Lazy<string?> Reason = new(() => CudaDevice.TryOpen(0, out _, out var reason) ? null : $"no CUDA device: {reason}");

    public static string? SkipReason => Reason.Value;
}
