using RobustGate.Engine.Evaluation;
using RobustGate.Engine.Gating;
using RobustGate.Engine.Metrics;
using RobustGate.Engine.Reporting;

namespace RobustGate.Engine.Tests.Reporting;

/// <summary>Deterministic settings and reports for metric, gate and exporter tests.</summary>
internal static class ReportFixtures
{
    public static readonly DateTimeOffset FixedTime = new(2026, 1, 2, 3, 4, 5, TimeSpan.Zero);

    /// <summary>A setting over <paramref name="total"/> samples where exactly the samples with wrong(i) are wrong.</summary>
    public static SettingResult Setting(SuiteKind kind, string name, string group, int? severity, double? parameter, int total, Func<int, bool> wrong)
    {
        var correct = new bool[total];
        for (var i = 0; i < total; i++)
        {
            correct[i] = !wrong(i);
        }

        return new SettingResult(kind, name, group, severity, parameter, CorrectnessBits.FromBooleans(correct));
    }

    /// <summary>A setting whose first <paramref name="wrongCount"/> samples are wrong.</summary>
    public static SettingResult Setting(SuiteKind kind, string name, string group, int? severity, int total, int wrongCount) =>
        Setting(kind, name, group, severity, null, total, i => i < wrongCount);

    /// <summary>Pseudo-random but fixed "is sample i wrong" with probability about <paramref name="errorRate"/>.</summary>
    public static Func<int, bool> Scatter(double errorRate, int salt) =>
        i => (uint)((i + 1) * 2654435761u ^ (uint)(salt * 40503)) % 1000u < errorRate * 1000;

    /// <summary>
    /// A small but complete run: clean, three corruptions x five severities, one noise level and two
    /// attacks on 40 samples, with the AlexNet normaliser.
    /// </summary>
    public static IReadOnlyList<SettingResult> SmallRunSettings(int total = 40, double shift = 0.0)
    {
        var settings = new List<SettingResult>
        {
            Setting(SuiteKind.Clean, "clean", "clean", null, null, total, Scatter(0.1 + shift, 1)),
        };
        string[] names = ["gaussian_noise", "fog", "jpeg_compression"];
        for (var c = 0; c < names.Length; c++)
        {
            for (var s = 1; s <= 5; s++)
            {
                settings.Add(Setting(SuiteKind.Corruption, names[c], BenchmarkCorruptions.GroupOf(names[c])!, s, null, total, Scatter(0.15 + 0.1 * s + 0.05 * c + shift, 10 * c + s)));
            }
        }

        settings.Add(Setting(SuiteKind.Noise, "gaussian", "gaussian", null, 0.08, total, Scatter(0.3 + shift, 99)));
        settings.Add(Setting(SuiteKind.Attack, "pgd-linf", "pgd-linf", null, 8.0 / 255.0, total, Scatter(0.6 + shift, 101)));
        settings.Add(Setting(SuiteKind.Attack, "fgsm", "fgsm", null, 8.0 / 255.0, total, Scatter(0.5 + shift, 102)));
        return settings;
    }

    public static Report SmallReport(int total = 40, double shift = 0.0, ShardSpec? shard = null)
    {
        var settings = SmallRunSettings(total, shift);
        return Report.Create(
            "0.1.0-test",
            FixedTime,
            12.5,
            new ModelInfo("resnet18", "resnet18.safetensors", "ab12cd34ef56", 10, [0.485, 0.456, 0.406], [0.229, 0.224, 0.225], [3, 32, 32]),
            new DataInfo("synthetic:cifar-like", "procedural test images", "feedc0de", Enumerable.Range(0, total).ToList(), total),
            seed: 1234,
            profile: "cifar",
            device: "cpu",
            shard,
            BaselineTable.AlexNet,
            settings);
    }

    /// <summary>The small report gated against a baseline run, with one rule of each outcome.</summary>
    public static Report GatedSmallReport()
    {
        var baseline = SmallReport(shift: -0.05);
        var candidate = SmallReport();
        var policy = GatePolicy.FromStrings(["mce increase vs baseline <= 0.01", "clean_error <= 0.5", "ce[fog] <= 0.2", "robust_accuracy[pgd-linf] >= 0.1"]);
        return candidate with { Gate = policy.Evaluate(candidate, baseline) };
    }
}
