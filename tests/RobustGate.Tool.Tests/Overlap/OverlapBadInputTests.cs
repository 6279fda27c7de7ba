using RobustGate.Tool.Tests.TestSupport;

namespace RobustGate.Tool.Tests.Overlap;

/// <summary>Usage errors of `robustgate overlap` are exit 2 and name the option, before any training starts.</summary>
public sealed class OverlapBadInputTests
{
    private static CliResult Run(string corruptions, params string[] extra) =>
        CliRunner.Run(["overlap", "--corruptions", corruptions, "--arch", "smallcnn", "--data", "synthetic:20", "--out", Path.Combine(Path.GetTempPath(), "rg-overlap-bad"), .. extra]);

    [Fact]
    public void Mistyped_corruption_gets_a_suggestion()
    {
        var result = Run("gaussian_noise,contrst");
        Assert.Equal(2, result.ExitCode);
        Assert.Contains("--corruptions", result.Error, StringComparison.Ordinal);
        Assert.Contains("Did you mean 'contrast'", result.Error, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("contrast")]
    [InlineData("contrast,contrast")]
    [InlineData("contrast,gaussian")]
    public void Fewer_than_two_distinct_corruptions_are_rejected(string corruptions)
    {
        var result = Run(corruptions);
        Assert.Equal(2, result.ExitCode);
        Assert.Contains("--corruptions", result.Error, StringComparison.Ordinal);
    }

    [Fact]
    public void Zero_epochs_are_rejected()
    {
        var result = Run("contrast,pixelate", "--epochs", "0");
        Assert.Equal(2, result.ExitCode);
        Assert.Contains("--epochs", result.Error, StringComparison.Ordinal);
    }

    [Fact]
    public void Train_corruption_recipe_needs_a_known_corruption()
    {
        var missing = CliRunner.Run("train", "--arch", "smallcnn", "--data", "synthetic:20", "--recipe", "corruption", "--out", Path.Combine(Path.GetTempPath(), "rg-overlap-bad-train"));
        Assert.Equal(2, missing.ExitCode);
        Assert.Contains("--corruption", missing.Error, StringComparison.Ordinal);
        var typo = CliRunner.Run("train", "--arch", "smallcnn", "--data", "synthetic:20", "--recipe", "corruption", "--corruption", "pixelat", "--out", Path.Combine(Path.GetTempPath(), "rg-overlap-bad-train"));
        Assert.Equal(2, typo.ExitCode);
        Assert.Contains("'pixelate'", typo.Error, StringComparison.Ordinal);
    }
}
