using RobustGate.Engine.Data;
using RobustGate.Tool.Tests.TestSupport;

namespace RobustGate.Tool.Tests.Training;

/// <summary>`robustgate train --recipe augmix` and its options on a 48-image Fashion-MNIST subset (returns early where the dataset is not installed).</summary>
public sealed class AugMixTrainCommandTests
{
    private static string[] Args(string outDir, params string[] extra) =>
        ["train", "--arch", "smallcnn", "--data", "fashion-mnist", "--limit", "48", "--epochs", "1", "--batch", "16", "--seed", "3", "--recipe", "augmix", "--out", outDir, .. extra];

    // Every augmix option away from its default, so each one's wiring is exercised (the default
    // JSD path is covered by the engine's AugMixTrainingTests); ~10 s on a quiet machine.
    [Fact]
    [Trait("Category", "EndToEnd")]
    public void Augmix_trains_with_every_option_set_and_writes_weights()
    {
        string[] extra = ["--no-jsd", "--all-ops", "--augmix-severity", "5", "--augmix-width", "2", "--augmix-depth", "2", "--augmix-alpha", "0.5", "--jsd-lambda", "6"];
        if (!Directory.Exists(IdxDataset.DefaultFashionMnistDirectory))
        {
            return;
        }

        var dir = Path.Combine(Path.GetTempPath(), $"rg-train-augmix-{Environment.ProcessId}");
        try
        {
            var result = CliRunner.Run(Args(dir, extra));
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

    [Theory]
    [InlineData("--augmix-severity", "0")]
    [InlineData("--augmix-depth", "0")]
    [InlineData("--jsd-lambda", "-1")]
    public void Out_of_range_option_is_a_usage_error_naming_it(string option, string value)
    {
        var result = CliRunner.Run(Args(Path.Combine(Path.GetTempPath(), $"rg-train-augmix-bad-{Environment.ProcessId}"), option, value));
        Assert.Equal(2, result.ExitCode);
        Assert.Contains(option, result.Error, StringComparison.Ordinal);
    }
}
