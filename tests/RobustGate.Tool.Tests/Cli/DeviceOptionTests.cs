using RobustGate.Engine;
using RobustGate.Engine.Cuda;
using RobustGate.Tool.Tests.TestSupport;

namespace RobustGate.Tool.Tests.Cli;

/// <summary><c>--device</c> and <c>robustgate devices</c> as a user sees them.</summary>
public sealed class DeviceOptionTests
{
    [Fact]
    public void Devices_ListsTheCpuAndEitherCudaDevicesOrWhyThereAreNone()
    {
        var result = CliRunner.Run("devices");
        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.StartsWith("cpu ", result.Output, StringComparison.Ordinal);
        Assert.Contains(CudaDevice.TryOpen(0, out _, out _) ? "cuda:0 " : "cuda     none: ", result.Output, StringComparison.Ordinal);
    }

    [Fact]
    public void MistypedDevice_IsAUsageErrorWithASuggestion()
    {
        var result = CliRunner.Run("predict", "--device", "cdua", "--arch", "smallcnn", "--input", "missing.npy", "--output", "out.npy");
        Assert.Equal(ExitCodes.UsageOrConfiguration, result.ExitCode);
        Assert.Contains("--device: unknown device 'cdua'", result.Error, StringComparison.Ordinal);
        Assert.Contains("Did you mean 'cuda'", result.Error, StringComparison.Ordinal);
    }

    [Fact]
    public void CudaWhereNoneOpens_ExitsWithTheDeviceCodeAndSaysWhatWasSearched()
    {
        if (CudaDevice.TryOpen(0, out _, out _))
        {
            // On a GPU machine the same command gets past the device and fails on the missing input file instead.
            Assert.Equal(ExitCodes.BadInput, CliRunner.Run("predict", "--device", "cuda", "--arch", "smallcnn", "--input", "missing.npy", "--output", "out.npy").ExitCode);
            return;
        }

        var result = CliRunner.Run("predict", "--device", "cuda", "--arch", "smallcnn", "--input", "missing.npy", "--output", "out.npy");
        Assert.Equal(ExitCodes.DeviceUnavailable, result.ExitCode);
        Assert.Contains("could not be loaded. Tried:", result.Error, StringComparison.Ordinal);
        Assert.Contains("--device cpu", result.Error, StringComparison.Ordinal);
    }
}
