using System.Text.RegularExpressions;
using RobustGate.Tool.Tests.TestSupport;

namespace RobustGate.Tool.Tests.Cli;

/// <summary>
/// Scale-out from the command line: three shards merged give the unsharded report byte for byte,
/// apart from the timing fields, and the gate runs on the merged report.
/// </summary>
public sealed partial class ShardMergeTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("rg-shard-").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    private static string[] Check(string reportDir, params string[] extra) =>
    [
        "check", "--arch", "smallcnn32", "--data", "synthetic:90", "--seed", "5", "--corruptions", "gaussian_noise,contrast,jpeg_compression",
        "--severities", "2,4", "--rule", "clean_error <= 0.99", "--report-dir", reportDir, .. extra,
    ];

    [Fact]
    public void Merged_shards_equal_the_unsharded_report()
    {
        var whole = Path.Combine(_folder, "whole");
        Assert.Equal(0, CliRunner.Run(Check(whole)).ExitCode);
        var shards = new List<string>();
        for (var k = 1; k <= 3; k++)
        {
            var dir = Path.Combine(_folder, $"shard{k}");
            var run = CliRunner.Run(Check(dir, "--shard", $"{k}/3"));
            Assert.True(run.ExitCode == 0, run.ToString());
            shards.Add(Path.Combine(dir, "report.json"));
        }

        var merged = Path.Combine(_folder, "merged", "report.json");
        var merge = CliRunner.Run(["merge", .. shards, "-o", merged]);
        Assert.True(merge.ExitCode == 0, merge.ToString());
        Assert.Equal(WithoutTiming(File.ReadAllText(Path.Combine(whole, "report.json"))), WithoutTiming(File.ReadAllText(merged)));

        var gate = CliRunner.Run("gate", merged);
        Assert.Equal(0, gate.ExitCode);
        Assert.Contains("gate: pass", gate.Output, StringComparison.Ordinal);
    }

    private static string WithoutTiming(string json) => TimingFields().Replace(json, string.Empty);

    [GeneratedRegex("\"(created_at|duration_seconds)\": [^,\\n]*,?")]
    private static partial Regex TimingFields();
}
