using System.Text.Json;
using RobustGate.Engine.Overlap;

namespace RobustGate.Engine.Tests.Overlap;

/// <summary>overlap.json and overlap.html from a hand-made result (no training involved).</summary>
public sealed class OverlapExporterTests
{
    private static OverlapModelResult Model(string name, string? trainedOn, double clean, double[] accuracies) => new(
        name,
        trainedOn,
        clean,
        accuracies,
        accuracies.Select(a => (IReadOnlyList<double>)Enumerable.Repeat(a, 5).ToArray()).ToArray(),
        accuracies.Select(a => OverlapScore.Robustness(a, clean)).ToArray(),
        0.5,
        1.0,
        2.0);

    /// <summary>Three corruptions; training on "contrast" gains nothing on contrast, so its pairs are undefined.</summary>
    internal static OverlapMatrix Sample()
    {
        string[] names = ["gaussian_noise", "shot_noise", "contrast"];
        var standard = Model("standard", null, 0.8, [0.4, 0.4, 0.64]);
        OverlapModelResult[] trained =
        [
            Model("trained_on_gaussian_noise", "gaussian_noise", 0.8, [0.72, 0.64, 0.64]),
            Model("trained_on_shot_noise", "shot_noise", 0.8, [0.64, 0.72, 0.64]),
            Model("trained_on_contrast", "contrast", 0.8, [0.4, 0.4, 0.64]),
        ];
        var r = new double[3, 3];
        for (var i = 0; i < 3; i++)
        {
            for (var j = 0; j < 3; j++)
            {
                r[i, j] = trained[i].Robustness[j];
            }
        }

        var overlap = OverlapScore.Matrix(standard.Robustness, r);
        var rows = Enumerable.Range(0, 3).Select(i => (IReadOnlyList<double>)Enumerable.Range(0, 3).Select(j => overlap[i, j]).ToArray()).ToArray();
        var settings = new OverlapSettings { Arch = "smallcnn", Data = "fashion-mnist", Corruptions = names, Limit = 100, EvalLimit = 50, Seed = 3 };
        return new OverlapMatrix(settings, "cifar", "fashion-mnist/train", 100, 50, names, standard, trained, rows, 12.5);
    }

    [Fact]
    public void Json_holds_corruptions_models_robustness_matrix_and_settings()
    {
        using var json = JsonDocument.Parse(OverlapJsonExporter.Render(Sample()));
        var root = json.RootElement;
        Assert.Equal(["gaussian_noise", "shot_noise", "contrast"], root.GetProperty("corruptions").EnumerateArray().Select(e => e.GetString()!));
        var models = root.GetProperty("models").EnumerateArray().ToList();
        Assert.Equal(4, models.Count);
        Assert.Equal(JsonValueKind.Null, models[0].GetProperty("trained_on").ValueKind);
        Assert.Equal("shot_noise", models[2].GetProperty("trained_on").GetString());
        Assert.Equal(0.8, models[1].GetProperty("clean_accuracy").GetDouble());
        Assert.Equal(0.9, models[1].GetProperty("robustness").GetProperty("gaussian_noise").GetDouble(), 1e-12);
        Assert.Equal(5, models[1].GetProperty("severity_accuracies").GetProperty("contrast").EnumerateObject().Count());

        // Gains 0.4 on both noises; gaussian-trained gets 0.3 of shot's 0.4 gain and vice versa: 0.75.
        var matrix = root.GetProperty("matrix").EnumerateArray().Select(row => row.EnumerateArray().ToList()).ToList();
        Assert.Equal(1.0, matrix[0][0].GetDouble());
        Assert.Equal(0.75, matrix[0][1].GetDouble());
        Assert.Equal(0.75, matrix[1][0].GetDouble());
        Assert.Equal(JsonValueKind.Null, matrix[0][2].ValueKind);
        Assert.Equal(JsonValueKind.Null, matrix[2][2].ValueKind);

        var settings = root.GetProperty("settings");
        Assert.Equal("smallcnn", settings.GetProperty("arch").GetString());
        Assert.Equal(50, settings.GetProperty("eval_images").GetInt32());
        Assert.Equal("cifar", settings.GetProperty("profile").GetString());
        Assert.Equal(0.0, root.GetProperty("diagonal_gains").GetProperty("contrast").GetDouble());

        // sqrt(0.72·0.28/250 / 0.8² + 0.4·0.6/250 / 0.8²), 250 = 50 images × 5 severities (computed in Python).
        Assert.Equal(0.05253570214625478, root.GetProperty("diagonal_gain_standard_errors").GetProperty("gaussian_noise").GetDouble(), 1e-12);
    }

    [Fact]
    public void Html_is_a_self_contained_heat_map()
    {
        var html = OverlapHtmlExporter.Render(Sample());
        Assert.StartsWith("<!DOCTYPE html>", html, StringComparison.Ordinal);
        Assert.Contains("<svg", html, StringComparison.Ordinal);
        Assert.DoesNotContain("<script", html, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("http://", html.Replace("http://www.w3.org/2000/svg", string.Empty, StringComparison.Ordinal), StringComparison.Ordinal);
        Assert.Contains(">0.75</text>", html, StringComparison.Ordinal);
        Assert.Contains(">n/a</text>", html, StringComparison.Ordinal);
        Assert.Contains("trained_on_shot_noise", html, StringComparison.Ordinal);
    }

    [Fact]
    public void Colour_runs_from_white_to_blue_and_grey_for_undefined()
    {
        Assert.Equal("#f7fbff", OverlapHtmlExporter.Colour(0));
        Assert.Equal("#08519c", OverlapHtmlExporter.Colour(1));
        Assert.Equal("#08519c", OverlapHtmlExporter.Colour(1.4));
        Assert.Equal("#d0d7de", OverlapHtmlExporter.Colour(double.NaN));
    }

    [Fact]
    public void Write_puts_both_files_in_the_folder()
    {
        var dir = Path.Combine(Path.GetTempPath(), $"rg-overlap-export-{Environment.ProcessId}");
        try
        {
            var json = OverlapJsonExporter.Write(Sample(), dir);
            var html = OverlapHtmlExporter.Write(Sample(), dir);
            Assert.Equal(Path.Combine(dir, "overlap.json"), json);
            Assert.True(File.Exists(json) && File.Exists(html));
            Assert.Empty(Directory.GetFiles(dir, "*.tmp"));
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
