using System.Text.Json;
using RobustGate.Tool.Tests.TestSupport;

namespace RobustGate.Tool.Tests.Bench;

/// <summary>
/// <c>robustgate bench</c> end to end on workloads small enough for a test: the JSON schema that
/// bench/side_by_side.py reads, the table, the profile, and bad options. Timings themselves are not
/// asserted (the machine is shared), only that they were measured and are consistent.
/// </summary>
public sealed class BenchCommandTests
{
    [Fact]
    public void Json_lists_each_chosen_workload_with_all_its_samples_and_the_peak_of_the_same_run()
    {
        var result = CliRunner.Run("bench", "--workloads", "sgemm-r18c-conv1-wgrad,smallcnn-train", "--threads", "1", "--repeats", "2", "--json");
        Assert.True(result.ExitCode == 0, result.ToString());
        using var doc = JsonDocument.Parse(result.Output);
        var root = doc.RootElement;
        Assert.Equal(1, root.GetProperty("schema").GetInt32());
        Assert.Equal("robustgate", root.GetProperty("framework").GetString());
        Assert.Equal(1, root.GetProperty("threads").GetInt32());
        var peak = root.GetProperty("fma_peak_gflops").GetDouble();
        Assert.True(peak > 0, "the FMA peak is measured even when fma-peak is not listed");
        var workloads = root.GetProperty("workloads").EnumerateArray().ToList();
        Assert.Equal(["sgemm-r18c-conv1-wgrad", "smallcnn-train"], workloads.Select(w => w.GetProperty("name").GetString()));

        var gemm = workloads[0];
        Assert.Equal("gemm", gemm.GetProperty("kind").GetString());
        Assert.Equal((27, 64, 1024), (gemm.GetProperty("m").GetInt32(), gemm.GetProperty("n").GetInt32(), gemm.GetProperty("k").GetInt32()));
        Assert.Equal("NT", gemm.GetProperty("op").GetString());
        Assert.Equal("GFLOP/s", gemm.GetProperty("unit").GetString());

        var model = workloads[1];
        Assert.Equal("training-step", model.GetProperty("kind").GetString());
        Assert.Equal("smallcnn", model.GetProperty("arch").GetString());
        Assert.Equal(128, model.GetProperty("batch").GetInt32());
        Assert.Equal("images/s", model.GetProperty("unit").GetString());
        Assert.Equal(128.0, model.GetProperty("work_per_sample").GetDouble());

        foreach (var w in workloads)
        {
            var samples = w.GetProperty("samples_seconds").EnumerateArray().Select(s => s.GetDouble()).ToList();
            Assert.Equal(2, w.GetProperty("repeats").GetInt32());
            Assert.Equal(2, samples.Count);
            Assert.All(samples, s => Assert.True(s > 0));

            // The median of two samples is their mean; rate = work / median (JSON rounds rate to 3 decimals).
            var median = w.GetProperty("median_seconds").GetDouble();
            Assert.Equal(samples.Average(), median, 12);
            var scale = w.GetProperty("unit").GetString() == "GFLOP/s" ? 1e9 : 1.0;
            Assert.Equal(w.GetProperty("work_per_sample").GetDouble() / median / scale, w.GetProperty("rate").GetDouble(), 1e-3);
            // fraction_of_peak is rounded to 3 decimals (±0.0005) and gflops and the peak are rounded
            // too, so compare within 1e-3 rather than by rounding both sides (0.0585 vs 0.05854 flips).
            Assert.Equal(w.GetProperty("gflops").GetDouble() / peak, w.GetProperty("fraction_of_peak").GetDouble(), 1e-3);
        }
    }

    [Fact]
    public void Table_quotes_gflops_against_the_peak_measured_in_the_run()
    {
        var result = CliRunner.Run("bench", "--workloads", "fma-peak,sgemm-256", "--threads", "1", "--repeats", "1");
        Assert.True(result.ExitCode == 0, result.ToString());
        var lines = result.Output.Split('\n');
        Assert.Contains(lines, l => l.StartsWith("threads: 1, FMA peak measured in this run:", StringComparison.Ordinal));
        Assert.Contains(lines, l => l.StartsWith("| fma-peak |", StringComparison.Ordinal) && l.Contains("| 100.0 % |", StringComparison.Ordinal));
        Assert.Contains(lines, l => l.StartsWith("| sgemm-256 |", StringComparison.Ordinal) && l.Contains("SGEMM NN M=256 N=256 K=256", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("--workloads", "resnet18-cifar-trian", "resnet18-cifar-train")]
    [InlineData("--workloads", ",", "empty list")]
    [InlineData("--repeats", "0", "positive number of samples")]
    [InlineData("--threads", "0", "positive thread count")]
    [InlineData("--profile", "resnet81", "unknown architecture")]
    public void Bad_options_are_exit_2_naming_the_option_and_what_was_expected(string option, string value, string expected)
    {
        var result = CliRunner.Run("bench", option, value);
        Assert.True(result.ExitCode == 2, result.ToString());
        Assert.Contains(expected, result.Error, StringComparison.Ordinal);
        if (option != "--profile")
        {
            Assert.Contains(option, result.Error, StringComparison.Ordinal);
        }
    }
}
