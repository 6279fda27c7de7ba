using RobustGate.Engine.Attacks;
using RobustGate.Engine.Configuration;
using RobustGate.Engine.Evaluation;

namespace RobustGate.Engine.Tests.Attacks;

/// <summary>Attack suites inside <c>robustgate check</c>.</summary>
public sealed class AttackSuiteTests
{
    [Fact]
    public void One_setting_per_attack_plus_the_worst_case()
    {
        var model = AttackFixtures.SmallCnn();
        using var images = AttackFixtures.Images(10);
        var labels = AttackFixtures.Labels(model, images);
        var indices = Enumerable.Range(0, 10).Select(i => 3 * i).ToArray();
        AttackSuiteConfiguration[] suites =
        [
            new("pgd", 0.03, 5, null, 1, "linf"),
            new("fgsm", 0.05, 1, null, 1, "linf"),
        ];
        var progress = new List<EvaluationProgress>();
        var settings = AttackSuite.Run(model, (1, 28, 28), images.ToArray(), labels, indices, suites, 3, 4, new SynchronousProgress(progress));
        Assert.Equal(["pgd-linf", "fgsm", AttackSuite.WorstCaseName], settings.Select(s => s.Name));
        Assert.All(settings, s => Assert.Equal(SuiteKind.Attack, s.Kind));
        Assert.Equal("pgd", settings[0].Group);
        Assert.Equal(0.03, settings[0].Parameter);
        for (var i = 0; i < 10; i++)
        {
            Assert.Equal(settings[0].Correct[i] && settings[1].Correct[i], settings[2].Correct[i]);
        }

        // Batches of 4 with dataset indices as sample ids give what one attack call on the whole set gives.
        var whole = AttackSuite.Create(suites[0]).Run(model, images, labels, 3, indices.Select(i => (long)i).ToArray());
        Assert.Equal(whole.Robust, Enumerable.Range(0, 10).Select(i => settings[0].Correct[i]));
        Assert.Contains(progress, p => p.Setting.StartsWith("pgd-linf", StringComparison.Ordinal) && p.Done == 10 && p.Total == 10);
    }

    [Fact]
    public void Check_adds_attack_settings_that_the_gate_can_read()
    {
        var dir = Directory.CreateTempSubdirectory("rg-attack-check-").FullName;
        try
        {
            const string Json = """
                {
                  "model": { "arch": "smallcnn" },
                  "data": "synthetic:12",
                  "suites": { "attacks": [ { "name": "pgd", "eps": "8/255", "steps": 3 }, { "name": "fgsm", "eps": 0 } ] },
                  "gate": { "rules": [ "robust_accuracy[pgd] >= 0", "robust_accuracy[worst_case] >= 0" ] }
                }
                """;
            var config = ConfigurationLoader.Parse(Json, Path.Combine(dir, "robustgate.json"), dir);
            var outcome = CheckRunner.Run(config);
            var report = outcome.Report;
            var clean = report.Settings.Single(s => s.Kind == SuiteKind.Clean);
            var fgsm = report.Settings.Single(s => s.Name == "fgsm");
            var pgd = report.Settings.Single(s => s.Name == "pgd-linf");

            // eps = 0 must reproduce the clean accuracy exactly (spec 2.11 item 4).
            Assert.Equal(clean.Correct, fgsm.Correct);
            Assert.True(pgd.CorrectCount <= clean.CorrectCount);
            Assert.Contains(report.Metrics.RobustAccuracies, r => r.Name == "pgd");
            Assert.Contains(report.Metrics.RobustAccuracies, r => r.Name == AttackSuite.WorstCaseName);
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }

    private sealed class SynchronousProgress(List<EvaluationProgress> sink) : IProgress<EvaluationProgress>
    {
        public void Report(EvaluationProgress value) => sink.Add(value);
    }
}
