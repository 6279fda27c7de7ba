using System.Runtime.CompilerServices;

namespace RobustGate.Tasks.Tests.TestSupport;

/// <summary>
/// Pins 'auto' to the CPU for this test assembly (unless ROBUSTGATE_DEVICE is already set): the
/// golden reports and snapshots were made on the CPU, and on a GPU machine 'auto' would pick CUDA.
/// </summary>
internal static class CpuByDefault
{
    [ModuleInitializer]
    internal static void Pin()
    {
        if (string.IsNullOrEmpty(Environment.GetEnvironmentVariable("ROBUSTGATE_DEVICE")))
        {
            Environment.SetEnvironmentVariable("ROBUSTGATE_DEVICE", "cpu");
        }
    }
}
