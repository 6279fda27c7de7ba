using System.Text.Json;
using RobustGate.Engine.Data;
using RobustGate.Engine.IO;
using RobustGate.Engine.Imaging;
using RobustGate.Tool.Tests.TestSupport;

namespace RobustGate.Tool.Tests.Training;

/// <summary>
/// `robustgate train --recipe ant+sin --sin DIR` on a 48-image Fashion-MNIST subset with a stylized
/// folder of 32x32 colour PNGs generated here (10 class folders, matched to the data's classes by
/// position), and the ANT diagnostics in metrics.jsonl. Skipped in effect where the dataset is missing.
/// </summary>
public sealed class AntSinCommandTests : IDisposable
{
    private readonly string _root = Path.Combine(Path.GetTempPath(), $"rg-antsin-{Guid.NewGuid():N}");

    public void Dispose()
    {
        if (Directory.Exists(_root))
        {
            Directory.Delete(_root, recursive: true);
        }
    }

    private string StylizedFolder(int classes)
    {
        var sin = Path.Combine(_root, $"sin{classes}");
        for (var c = 0; c < classes; c++)
        {
            var folder = Path.Combine(sin, $"class{c:D2}");
            Directory.CreateDirectory(folder);
            for (var k = 0; k < 2; k++)
            {
                var image = new Image(32, 32, 3);
                for (var i = 0; i < image.Pixels.Length; i++)
                {
                    image.Pixels[i] = (byte)((i * (c + 3)) + (k * 50));
                }

                ImageFile.Save(Path.Combine(folder, $"{k}.png"), image);
            }
        }

        return sin;
    }

    private string[] Args(string recipe, string outDir, params string[] extra) =>
        ["train", "--arch", "smallcnn", "--data", "fashion-mnist", "--limit", "48", "--epochs", "2", "--batch", "16", "--seed", "3",
            "--ng-retrain-steps", "3", "--recipe", recipe, "--out", outDir, .. extra];

    // ~20 s on a busy 2-core machine (each epoch's test pass covers all 10,000 test images).
    [Fact]
    [Trait("Category", "EndToEnd")]
    public void Ant_sin_trains_writes_diagnostics_and_is_reproducible()
    {
        if (!Directory.Exists(IdxDataset.DefaultFashionMnistDirectory))
        {
            return;
        }

        var sin = StylizedFolder(10);
        var first = Path.Combine(_root, "a");
        var second = Path.Combine(_root, "b");
        var run = CliRunner.Run(Args("ant+sin", first, "--sin", sin));
        Assert.True(run.ExitCode == 0, run.ToString());
        var again = CliRunner.Run(Args("ant+sin", second, "--sin", sin));
        Assert.True(again.ExitCode == 0, again.ToString());
        Assert.Equal(File.ReadAllBytes(Path.Combine(first, "weights.safetensors")), File.ReadAllBytes(Path.Combine(second, "weights.safetensors")));

        var lines = File.ReadAllLines(Path.Combine(first, "metrics.jsonl"));
        Assert.Equal(2, lines.Length);
        foreach (var line in lines)
        {
            using var record = JsonDocument.Parse(line);
            var root = record.RootElement;
            Assert.InRange(root.GetProperty("ng_noise_accuracy").GetDouble(), 0, 1);
            Assert.InRange(root.GetProperty("ng_retrain_fooling_rate").GetDouble(), 0, 1);
            Assert.True(root.GetProperty("ng_retrain_loss").GetDouble() > 0, line);
        }

        Assert.Equal("ant+sin", SafeTensorsFile.Read(Path.Combine(first, "weights.safetensors")).Metadata["recipe"]);
    }

    [Fact]
    public void Missing_or_mismatched_stylized_folders_are_rejected_with_the_option_named()
    {
        if (!Directory.Exists(IdxDataset.DefaultFashionMnistDirectory))
        {
            return;
        }

        var outDir = Path.Combine(_root, "out");
        var noSin = CliRunner.Run(Args("ant+sin", outDir));
        Assert.Equal(2, noSin.ExitCode);
        Assert.Contains("--sin", noSin.Error, StringComparison.Ordinal);

        var sinWithoutRecipe = CliRunner.Run(Args("ant", outDir, "--sin", StylizedFolder(10)));
        Assert.Equal(2, sinWithoutRecipe.ExitCode);
        Assert.Contains("--sin", sinWithoutRecipe.Error, StringComparison.Ordinal);

        var wrongCount = CliRunner.Run(Args("ant3x3+sin", outDir, "--sin", StylizedFolder(3)));
        Assert.Equal(3, wrongCount.ExitCode);
        Assert.Contains("expected 10 class folders", wrongCount.Error, StringComparison.Ordinal);
        Assert.Contains("sin3", wrongCount.Error, StringComparison.Ordinal);
    }
}
