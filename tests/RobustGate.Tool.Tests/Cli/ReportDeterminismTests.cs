using System.Text.RegularExpressions;
using RobustGate.Engine.Kernels;
using RobustGate.Tool.Tests.TestSupport;

namespace RobustGate.Tool.Tests.Cli;

/// <summary>Same seed, same report, byte for byte apart from the timing fields, whatever the thread count.</summary>
public sealed partial class ReportDeterminismTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("rg-det-").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    [Fact]
    public void One_and_two_threads_give_the_same_report()
    {
        var previous = EngineThreads.Count;
        var reports = new List<string>();
        try
        {
            foreach (var threads in new[] { 1, 2 })
            {
                EngineThreads.Count = threads;
                var dir = Path.Combine(_folder, $"t{threads}");
                var run = CliRunner.Run(
                    "check", "--arch", "smallcnn32", "--data", "synthetic:60", "--seed", "11", "--corruptions", "shot_noise,glass_blur,elastic_transform,jpeg_compression",
                    "--severities", "1,5", "--rule", "clean_error <= 0.99", "--report-dir", dir, "--formats", "json");
                Assert.True(run.ExitCode == 0, run.ToString());
                reports.Add(TimingFields().Replace(File.ReadAllText(Path.Combine(dir, "report.json")), string.Empty));
            }
        }
        finally
        {
            EngineThreads.Count = previous;
        }

        Assert.Equal(reports[0], reports[1]);
    }

    [GeneratedRegex("\"(created_at|duration_seconds)\": [^,\\n]*,?")]
    private static partial Regex TimingFields();
}
