using RobustGate.Engine.Evaluation;
using RobustGate.Engine.Metrics;
using static RobustGate.Engine.Tests.Reporting.ReportFixtures;

namespace RobustGate.Engine.Tests.Metrics;

/// <summary>
/// Golden test from spec/training-and-attacks.md §1.7: the per-corruption ImageNet-C top-1 accuracies
/// of the ANT paper's models (GoN Results/*.txt), fed through the metrics with the AlexNet baseline,
/// reproduce the published mCE and the "Full ImageNet-C" top-1.
/// </summary>
public class AntGoldenTests
{
    // Accuracies in % (two decimals) in BenchmarkCorruptions.Names order.
    private static readonly Dictionary<string, double[]> Top1 = new()
    {
        ["clean"] = [29.29, 27.03, 23.81, 38.75, 26.79, 38.67, 36.24, 32.53, 38.14, 45.83, 68.02, 39.06, 45.25, 44.79, 53.41],
        ["Speckle"] = [54.93, 58.07, 49.03, 42.55, 31.63, 39.86, 36.48, 34.05, 41.21, 45.55, 67.98, 40.59, 46.96, 48.67, 57.90],
        ["Gauss_sigma_0.5"] = [59.21, 59.28, 56.76, 46.66, 37.79, 43.61, 41.23, 35.30, 43.75, 43.61, 67.83, 39.32, 49.60, 54.83, 61.89],
        ["Gauss_mult"] = [66.96, 65.43, 63.62, 43.07, 32.74, 40.51, 37.20, 33.73, 42.05, 45.39, 68.45, 40.95, 47.96, 50.49, 59.86],
        ["ANT"] = [64.77, 65.73, 63.95, 47.02, 36.98, 43.30, 40.56, 36.71, 45.50, 44.20, 69.66, 42.12, 48.89, 54.65, 62.36],
        ["ANT+SIN"] = [64.45, 64.99, 63.45, 46.47, 37.54, 45.84, 39.25, 42.07, 46.86, 48.98, 68.91, 46.51, 50.23, 57.41, 60.09],
    };

    [Theory]
    // model, published mCE % (result files, two decimals), published ImageNet-C top-1 % (README, one decimal).
    [InlineData("clean", 76.70, 39.2)]
    [InlineData("Speckle", 68.33, 46.4)]
    [InlineData("Gauss_sigma_0.5", 64.50, 49.4)]
    [InlineData("Gauss_mult", 64.97, 49.2)]
    [InlineData("ANT", 62.51, 51.1)]
    [InlineData("ANT+SIN", 61.20, 52.2)]
    public void Published_mce_is_reproduced(string model, double publishedMce, double publishedTop1)
    {
        // 10,000 samples per setting make every two-decimal accuracy an exact count. GoN averages
        // top-1 over the five severities, so each severity carries the corruption's mean error.
        const int samples = 10_000;
        var settings = new List<SettingResult>();
        for (var c = 0; c < 15; c++)
        {
            var wrong = (int)Math.Round((100.0 - Top1[model][c]) * 100.0);
            var name = BenchmarkCorruptions.Names[c];
            for (var s = 1; s <= 5; s++)
            {
                settings.Add(Setting(SuiteKind.Corruption, name, BenchmarkCorruptions.GroupOf(name)!, s, samples, wrong));
            }
        }

        var m = MetricsCalculator.Compute(settings, BaselineTable.AlexNet);

        Assert.True(m.MceComplete);
        // Published values are rounded to the shown decimals: agreement within half a unit of the last one.
        Assert.Equal(publishedMce, m.Mce!.Value * 100, 0.005);
        Assert.Equal(publishedTop1, (1 - m.MeanCorruptionError!.Value) * 100, 0.05);
    }
}
