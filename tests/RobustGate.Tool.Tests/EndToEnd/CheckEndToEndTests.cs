using System.Text.Json;
using RobustGate.Tool.Tests.TestSupport;

namespace RobustGate.Tool.Tests.EndToEnd;

/// <summary>
/// The gate on real data, from the command line: a model passes against its own accepted report,
/// a damaged copy fails with exit 1 and RG codes, and a different seed (other images, other noise)
/// does not raise a false alarm. Skips with a reason when Debian's dataset-fashion-mnist is missing.
/// </summary>
[Trait("Category", "EndToEnd")]
public sealed class CheckEndToEndTests : IClassFixture<FashionMnistModelFixture>
{
    private readonly FashionMnistModelFixture _model;

    public CheckEndToEndTests(FashionMnistModelFixture model) => _model = model;

    private string[] CheckArgs(string weights, string reportDir, int seed, string? baseline = null)
    {
        var args = new List<string>
        {
            "check", "--arch", "smallcnn", "--weights", weights, "--data", "fashion-mnist", "--limit", "400",
            "--corruptions", "gaussian_noise,shot_noise,contrast,pixelate,brightness", "--severities", "1,3,5",
            "--seed", seed.ToString(System.Globalization.CultureInfo.InvariantCulture), "--report-dir", reportDir,
        };
        if (baseline is not null)
        {
            args.AddRange(["--baseline", baseline]);
        }

        return [.. args];
    }

    [Fact]
    public void Model_passes_against_its_own_baseline_and_the_damaged_model_fails()
    {
        if (!_model.Available)
        {
            return; // reported by Fashion_mnist_is_installed
        }

        var first = Path.Combine(_model.Folder, "first");
        var result = CliRunner.Run(CheckArgs(_model.Weights, first, seed: 7));
        Assert.True(result.ExitCode == 0, result.ToString());
        var baseline = Path.Combine(_model.Folder, "baseline.json");
        Assert.Equal(0, CliRunner.Run("baseline", "accept", Path.Combine(first, "report.json"), "--to", baseline).ExitCode);

        var again = CliRunner.Run(CheckArgs(_model.Weights, Path.Combine(_model.Folder, "again"), seed: 7, baseline));
        Assert.True(again.ExitCode == 0, again.ToString());
        Assert.Contains("gate: pass", again.Output, StringComparison.Ordinal);

        var damagedDir = Path.Combine(_model.Folder, "damaged");
        var damaged = CliRunner.Run(CheckArgs(_model.DamagedWeights, damagedDir, seed: 7, baseline));
        Assert.True(damaged.ExitCode == 1, damaged.ToString());
        Assert.Matches(@"error RG100\d: ", damaged.Error);
        using var report = JsonDocument.Parse(File.ReadAllText(Path.Combine(damagedDir, "report.json")));
        Assert.Equal("fail", report.RootElement.GetProperty("summary").GetProperty("verdict").GetString());
    }

    [Fact]
    public void Other_seeds_do_not_raise_false_alarms()
    {
        if (!_model.Available)
        {
            return;
        }

        var baselineDir = Path.Combine(_model.Folder, "seed-base");
        Assert.Equal(0, CliRunner.Run(CheckArgs(_model.Weights, baselineDir, seed: 100)).ExitCode);
        var baseline = Path.Combine(baselineDir, "report.json");
        for (var seed = 101; seed <= 103; seed++)
        {
            var result = CliRunner.Run(CheckArgs(_model.Weights, Path.Combine(_model.Folder, $"seed-{seed}"), seed, baseline));
            Assert.True(result.ExitCode == 0, $"seed {seed}: {result}");
        }
    }

    [Fact]
    public void Fashion_mnist_is_installed()
    {
        Assert.True(_model.Available, "Debian's dataset-fashion-mnist is not installed (.ci/run installs it); the end-to-end gate tests did not run.");
    }
}
