using RobustGate.Engine;
using RobustGate.Engine.Cuda;
using RobustGate.Engine.Tensors;
using RobustGate.Tool.Commands;
using RobustGate.Tool.Tests.TestSupport;

namespace RobustGate.Tool.Tests.Cli;

/// <summary><c>--device</c> and <c>robustgate devices</c> as a user sees them.</summary>
public sealed class DeviceOptionTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("rg-device-").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

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

    [Theory]
    [InlineData("cpu", "cuda", "cuda:1", "cpu")] // --device beats everything
    [InlineData(null, "cpu", "cuda:1", "cpu")] // then ROBUSTGATE_DEVICE
    [InlineData(null, "", "cuda:1", "cuda:1")] // then robustgate.json's device (an empty variable is unset)
    [InlineData(null, null, null, "auto")] // then auto
    public void Precedence_is_flag_then_environment_then_configuration_then_auto(string? flag, string? environment, string? configured, string expected)
    {
        var request = DeviceOption.Choose(flag, environment, waitForConfiguration: false, configured is null ? null : DeviceRequest.Parse(configured));
        Assert.Equal(expected, request!.ToString());
    }

    [Fact]
    public void A_command_that_reads_a_configuration_waits_for_it_unless_a_device_was_named()
    {
        Assert.Null(DeviceOption.Choose(null, null, waitForConfiguration: true, null));
        Assert.Equal(DeviceRequest.Cpu, DeviceOption.Choose(null, "cpu", waitForConfiguration: true, null));
        Assert.Equal(DeviceRequest.Cpu, DeviceOption.Choose("cpu", null, waitForConfiguration: true, null));
    }

    [Fact]
    public void Mistyped_device_in_the_configuration_is_exit_2_naming_the_file_and_the_key()
    {
        var config = Path.Combine(_folder, "robustgate.json");
        File.WriteAllText(config, """{ "model": { "arch": "smallcnn32" }, "data": "synthetic:20", "device": "cdua" }""");
        var result = CliRunner.Run("check", "--config", config, "--report-dir", Path.Combine(_folder, "report"));
        Assert.Equal(ExitCodes.UsageOrConfiguration, result.ExitCode);
        Assert.Contains("robustgate.json: $.device: unknown device 'cdua'", result.Error, StringComparison.Ordinal);
        Assert.Contains("Did you mean 'cuda'", result.Error, StringComparison.Ordinal);
        Assert.False(Directory.Exists(Path.Combine(_folder, "report")));
    }

    [Fact]
    public void Device_flag_overrides_the_configurations_device()
    {
        // cuda:7 opens nowhere here; --device cpu must win, and the report says where it ran.
        var config = Path.Combine(_folder, "robustgate.json");
        File.WriteAllText(config, """{ "model": { "arch": "smallcnn32" }, "data": "synthetic:8", "device": "cuda:7", "suites": { "corruptions": { "names": ["gaussian_noise"], "severities": [1] } }, "formats": ["json"] }""");
        var result = CliRunner.Run("check", "--config", config, "--device", "cpu", "--report-dir", Path.Combine(_folder, "report"));
        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Contains("\"device\": \"cpu\"", File.ReadAllText(Path.Combine(_folder, "report", "report.json")), StringComparison.Ordinal);
    }
}
