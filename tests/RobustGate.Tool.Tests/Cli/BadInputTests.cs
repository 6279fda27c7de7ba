using RobustGate.Engine.IO;
using RobustGate.Tool.Tests.TestSupport;

namespace RobustGate.Tool.Tests.Cli;

/// <summary>
/// Bad configuration is exit 2, bad model/data/input is exit 3; every message names the file and
/// what is wrong, and a failed run never replaces an existing report.
/// </summary>
public sealed class BadInputTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("rg-bad-").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    private string ReportDirWithOldReport()
    {
        var dir = Path.Combine(_folder, "report");
        Directory.CreateDirectory(dir);
        File.WriteAllText(Path.Combine(dir, "report.json"), "OLD");
        return dir;
    }

    private void AssertOldReportKept(string reportDir) => Assert.Equal("OLD", File.ReadAllText(Path.Combine(reportDir, "report.json")));

    [Fact]
    public void Unknown_config_key_is_exit_2_naming_the_file_and_the_key()
    {
        var config = Path.Combine(_folder, "robustgate.json");
        File.WriteAllText(config, """{ "model": { "arch": "smallcnn32" }, "data": "synthetic:20", "limt": 10 }""");
        var reportDir = ReportDirWithOldReport();
        var result = CliRunner.Run("check", "--config", config, "--report-dir", reportDir);
        Assert.Equal(2, result.ExitCode);
        Assert.Contains("robustgate.json", result.Error, StringComparison.Ordinal);
        Assert.Contains("limt", result.Error, StringComparison.Ordinal);
        Assert.Contains("limit", result.Error, StringComparison.Ordinal);
        AssertOldReportKept(reportDir);
    }

    [Fact]
    public void Missing_weights_file_is_exit_3_naming_it()
    {
        var reportDir = ReportDirWithOldReport();
        var weights = Path.Combine(_folder, "nope.safetensors");
        var result = CliRunner.Run("check", "--arch", "smallcnn32", "--weights", weights, "--data", "synthetic:20", "--report-dir", reportDir);
        Assert.Equal(3, result.ExitCode);
        Assert.Contains(weights, result.Error, StringComparison.Ordinal);
        AssertOldReportKept(reportDir);
    }

    [Fact]
    public void Misshaped_weights_list_every_offending_tensor_with_shapes_and_exit_3()
    {
        // resnet18-cifar weights offered to smallcnn32: every name is missing or unexpected.
        var weights = Path.Combine(_folder, "wrong.safetensors");
        var writer = new SafeTensorsWriter();
        writer.Add("features.0.weight", new float[16 * 3 * 3 * 3], [16, 3, 3, 3]);
        writer.Add("fc.weight", new float[10 * 4], [10, 4]);
        writer.Save(weights);
        var result = CliRunner.Run("check", "--arch", "smallcnn32", "--weights", weights, "--data", "synthetic:20", "--report-dir", Path.Combine(_folder, "r"));
        Assert.Equal(3, result.ExitCode);
        Assert.Contains("wrong.safetensors", result.Error, StringComparison.Ordinal);
        Assert.Contains("features.0.weight", result.Error, StringComparison.Ordinal); // misshaped: expected [32, 3, 3, 3]
        Assert.Contains("[16, 3, 3, 3]", result.Error, StringComparison.Ordinal);
        Assert.Contains("fc.weight", result.Error, StringComparison.Ordinal); // unexpected
        Assert.Contains("classifier.1.weight", result.Error, StringComparison.Ordinal); // missing
    }

    [Fact]
    public void Truncated_weights_file_is_exit_3_naming_it()
    {
        var weights = Path.Combine(_folder, "cut.safetensors");
        File.WriteAllBytes(weights, [0x40, 0, 0, 0, 0, 0, 0, 0, (byte)'{']);
        var result = CliRunner.Run("predict", "--arch", "smallcnn32", "--weights", weights, "--input", Path.Combine(_folder, "x.npy"), "--output", Path.Combine(_folder, "y.npy"));
        Assert.Equal(3, result.ExitCode);
        Assert.Contains("cut.safetensors", result.Error, StringComparison.Ordinal);
    }

    [Fact]
    public void Fewer_classes_than_the_data_has_is_exit_3()
    {
        var reportDir = ReportDirWithOldReport();
        var result = CliRunner.Run("check", "--arch", "smallcnn32", "--classes", "5", "--data", "synthetic:20", "--report-dir", reportDir);
        Assert.Equal(3, result.ExitCode);
        Assert.Contains("classes", result.Error, StringComparison.Ordinal);
        AssertOldReportKept(reportDir);
    }

    [Fact]
    public void Image_that_fails_to_decode_is_exit_3_naming_the_file()
    {
        var root = Path.Combine(_folder, "images");
        foreach (var cls in new[] { "cat", "dog" })
        {
            Directory.CreateDirectory(Path.Combine(root, cls));
            var pixels = new byte[32 * 32 * 3];
            RobustGate.Engine.Imaging.ImageFile.Save(Path.Combine(root, cls, "a.png"), new RobustGate.Engine.Imaging.Image(32, 32, 3, pixels));
        }

        var broken = Path.Combine(root, "dog", "broken.png");
        File.WriteAllBytes(broken, [0x89, (byte)'P', (byte)'N', (byte)'G', 13, 10, 26, 10, 0, 0]);
        var reportDir = ReportDirWithOldReport();
        var result = CliRunner.Run("check", "--arch", "smallcnn32", "--classes", "2", "--data", $"imagefolder:{root}", "--corruptions", "none", "--report-dir", reportDir);
        Assert.Equal(3, result.ExitCode);
        Assert.Contains("broken.png", result.Error, StringComparison.Ordinal);
        AssertOldReportKept(reportDir);
    }

    [Fact]
    public void Missing_dataset_folder_is_exit_3()
    {
        var result = CliRunner.Run("check", "--arch", "smallcnn", "--data", $"fashion-mnist:{Path.Combine(_folder, "absent")}", "--report-dir", Path.Combine(_folder, "r"));
        Assert.Equal(3, result.ExitCode);
        Assert.Contains("absent", result.Error, StringComparison.Ordinal);
    }
}
