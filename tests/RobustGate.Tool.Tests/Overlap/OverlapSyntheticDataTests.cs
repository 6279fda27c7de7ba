using System.Text.Json;
using RobustGate.Tool.Tests.TestSupport;

namespace RobustGate.Tool.Tests.Overlap;

/// <summary>
/// The overlap command and `train --recipe corruption` on 40 built-in synthetic RGB images (no
/// dataset needed): too little data to learn anything, which is what the noise warning is for.
/// </summary>
public sealed class OverlapSyntheticDataTests
{
    private static string TempDir(string name) => Path.Combine(Path.GetTempPath(), $"rg-overlap-{name}-{Environment.ProcessId}");

    // ~15 s on a busy 2-core machine.
    [Fact]
    public void Gains_within_evaluation_noise_are_flagged_and_the_files_are_written()
    {
        var dir = TempDir("synthetic");
        try
        {
            var result = CliRunner.Run("overlap", "--corruptions", "contrast,glass_blur", "--arch", "smallcnn32", "--data", "synthetic:40", "--batch", "8", "--out", dir);
            Assert.True(result.ExitCode == 0, result.ToString());
            // 40 test images x 5 severities: a standard error of ~0.3 on each gain, far above anything one epoch on 40 images gains.
            Assert.Contains("warning: training on contrast gained", result.Error, StringComparison.Ordinal);
            Assert.Contains("warning: training on glass_blur gained", result.Error, StringComparison.Ordinal);
            using var json = JsonDocument.Parse(File.ReadAllText(Path.Combine(dir, "overlap.json")));
            var root = json.RootElement;
            Assert.Equal(3, root.GetProperty("models").GetArrayLength());
            Assert.Equal(40, root.GetProperty("settings").GetProperty("eval_images").GetInt32());
            Assert.Equal("cifar", root.GetProperty("settings").GetProperty("profile").GetString());
            var matrix = root.GetProperty("matrix");
            for (var i = 0; i < 2; i++)
            {
                var defined = root.GetProperty("diagonal_gains").EnumerateObject().ElementAt(i).Value.GetDouble() > 0;
                Assert.Equal(defined ? JsonValueKind.Number : JsonValueKind.Null, matrix[i][i].ValueKind);
            }

            Assert.True(File.Exists(Path.Combine(dir, "overlap.html")));
        }
        finally
        {
            if (Directory.Exists(dir))
            {
                Directory.Delete(dir, recursive: true);
            }
        }
    }

    // ~10 s on a busy 2-core machine.
    [Fact]
    public void Train_with_the_corruption_recipe_writes_weights()
    {
        var dir = TempDir("train");
        try
        {
            var result = CliRunner.Run("train", "--arch", "smallcnn32", "--data", "synthetic:40", "--recipe", "corruption", "--corruption", "contrast", "--epochs", "1", "--batch", "8", "--out", dir);
            Assert.True(result.ExitCode == 0, result.ToString());
            Assert.True(File.Exists(Path.Combine(dir, "weights.safetensors")));
            Assert.Single(File.ReadAllLines(Path.Combine(dir, "metrics.jsonl")));
        }
        finally
        {
            if (Directory.Exists(dir))
            {
                Directory.Delete(dir, recursive: true);
            }
        }
    }
}
