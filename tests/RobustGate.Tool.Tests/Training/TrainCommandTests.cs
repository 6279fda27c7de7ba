using RobustGate.Engine.Data;
using RobustGate.Tool.Tests.TestSupport;

namespace RobustGate.Tool.Tests.Training;

/// <summary>
/// `robustgate train` with recipes, checkpoints, --resume and --init on a 48-image Fashion-MNIST
/// subset (smallcnn needs 28x28 grey input; the synthetic set is 32x32 RGB). Skipped in effect
/// (returns early) where the dataset is not installed.
/// </summary>
public sealed class TrainCommandTests
{
    private static string TempDir(string name)
    {
        var dir = Path.Combine(Path.GetTempPath(), $"rg-train-{name}-{Environment.ProcessId}");
        Cleanup(dir);
        return dir;
    }

    private static void Cleanup(string dir)
    {
        if (Directory.Exists(dir))
        {
            Directory.Delete(dir, recursive: true);
        }
    }

    private static string[] Args(string recipe, int epochs, string outDir, params string[] extra) =>
        ["train", "--arch", "smallcnn", "--data", "fashion-mnist", "--limit", "48", "--epochs", epochs.ToString(System.Globalization.CultureInfo.InvariantCulture),
            "--batch", "16", "--seed", "3", "--recipe", recipe, "--out", outDir, .. extra];

    // ~15 s each on a busy 2-core machine (the per-epoch test pass covers all 10,000 test images).
    [Theory]
    [Trait("Category", "EndToEnd")]
    [InlineData("gauss-mult")]
    [InlineData("ant3x3")]
    public void Resume_after_one_epoch_gives_the_same_weights_as_two_epochs(string recipe)
    {
        if (!Directory.Exists(IdxDataset.DefaultFashionMnistDirectory))
        {
            return;
        }

        var straight = TempDir($"{recipe}-straight");
        var split = TempDir($"{recipe}-split");
        try
        {
            string[] extra = recipe.StartsWith("ant", StringComparison.Ordinal) ? ["--ng-retrain-steps", "3", "--flip", "--crop-padding", "2"] : ["--flip"];
            var full = CliRunner.Run(Args(recipe, 2, straight, extra));
            Assert.True(full.ExitCode == 0, full.ToString());
            var first = CliRunner.Run(Args(recipe, 1, split, extra));
            Assert.True(first.ExitCode == 0, first.ToString());
            Assert.True(File.Exists(Path.Combine(split, "checkpoint.safetensors")));
            var resumed = CliRunner.Run([.. Args(recipe, 2, split, extra), "--resume", Path.Combine(split, "checkpoint.safetensors")]);
            Assert.True(resumed.ExitCode == 0, resumed.ToString());
            Assert.Equal(File.ReadAllBytes(Path.Combine(straight, "weights.safetensors")), File.ReadAllBytes(Path.Combine(split, "weights.safetensors")));
            Assert.Equal(2, File.ReadAllLines(Path.Combine(split, "metrics.jsonl")).Length);
            var otherRecipe = CliRunner.Run([.. Args("standard", 2, split), "--resume", Path.Combine(split, "checkpoint.safetensors")]);
            Assert.Equal(2, otherRecipe.ExitCode);
            Assert.Contains("recipe", otherRecipe.Error, StringComparison.Ordinal);
        }
        finally
        {
            Cleanup(straight);
            Cleanup(split);
        }
    }

    [Fact]
    [Trait("Category", "EndToEnd")]
    public void Init_starts_from_given_weights_and_rejects_a_mismatch()
    {
        if (!Directory.Exists(IdxDataset.DefaultFashionMnistDirectory))
        {
            return;
        }

        var first = TempDir("init-a");
        var second = TempDir("init-b");
        try
        {
            Assert.Equal(0, CliRunner.Run(Args("standard", 1, first)).ExitCode);
            var fine = CliRunner.Run([.. Args("speckle", 1, second), "--init", Path.Combine(first, "weights.safetensors")]);
            Assert.True(fine.ExitCode == 0, fine.ToString());
            var wrong = CliRunner.Run(["train", "--arch", "resnet18", "--data", "synthetic:16", "--epochs", "1", "--out", second, "--init", Path.Combine(first, "weights.safetensors")]);
            Assert.Equal(3, wrong.ExitCode);
            Assert.Contains("weights.safetensors", wrong.Error, StringComparison.Ordinal);
        }
        finally
        {
            Cleanup(first);
            Cleanup(second);
        }
    }

    [Theory]
    [InlineData("antt", "--recipe", "antt")]
    [InlineData("gauss-mult", "--sigmas", "0.1,x")]
    [InlineData("gauss", "--noise-fraction", "1.5")]
    [InlineData("ant", "--p-current", "0.9")]
    [InlineData("fooling", "--fooling-iterations", "0")]
    public void Bad_recipe_settings_are_usage_errors(string recipe, string option, string value)
    {
        var dir = TempDir("bad");
        var result = CliRunner.Run(["train", "--arch", "smallcnn", "--data", "synthetic:16", "--out", dir, "--recipe", recipe, option, value]);
        Assert.Equal(2, result.ExitCode);
        Assert.Contains(option, result.Error, StringComparison.Ordinal);
    }
}
