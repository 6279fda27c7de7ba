using System.Runtime.CompilerServices;

namespace RobustGate.Tool.Tests.TestSupport;

/// <summary>
/// Pins 'auto' to the CPU for the test assembly that compiles this file (Tool.Tests, and Tasks.Tests by a link) (unless ROBUSTGATE_DEVICE is already set): the
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
