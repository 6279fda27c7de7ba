using System.Globalization;
using System.Text.RegularExpressions;
using RobustGate.Engine;
using RobustGate.Engine.Benchmarks;
using RobustGate.Engine.Kernels;
using RobustGate.Engine.Models;

namespace RobustGate.Tool.Tests.Bench;

/// <summary>
/// The contract between the two sides of the side-by-side: bench/pytorch_workloads.py must define
/// every workload of <see cref="WorkloadCatalog"/> with the same shape, batch, repeats and inputs,
/// and count FLOPs the same way.
/// </summary>
public sealed partial class WorkloadDefinitionTests
{
    [Fact]
    public void Every_catalog_workload_is_defined_identically_in_the_pytorch_script()
    {
        var script = File.ReadAllText(Path.Combine(RepositoryRoot(), "bench", "pytorch_workloads.py"));
        var gemms = GemmLine().Matches(script).ToDictionary(
            m => m.Groups["name"].Value,
            m => (int.Parse(m.Groups["m"].Value, CultureInfo.InvariantCulture), int.Parse(m.Groups["n"].Value, CultureInfo.InvariantCulture), int.Parse(m.Groups["k"].Value, CultureInfo.InvariantCulture), m.Groups["op"].Success ? m.Groups["op"].Value : "NN"));
        var models = ModelLine().Matches(script).ToDictionary(
            m => m.Groups["name"].Value,
            m => (m.Groups["kind"].Value, m.Groups["arch"].Value, int.Parse(m.Groups["batch"].Value, CultureInfo.InvariantCulture), int.Parse(m.Groups["repeats"].Value, CultureInfo.InvariantCulture)));
        foreach (var w in WorkloadCatalog.All)
        {
            switch (w.Kind)
            {
                case WorkloadKind.FmaPeak:
                    break;
                case WorkloadKind.Gemm:
                    Assert.True(gemms.TryGetValue(w.Name, out var shape), $"{w.Name} missing from pytorch_workloads.py");
                    var op = $"{(w.TransA == Transpose.No ? 'N' : 'T')}{(w.TransB == Transpose.No ? 'N' : 'T')}";
                    Assert.Equal((w.M, w.N, w.K, op), shape);
                    Assert.Equal(5, w.DefaultRepeats);
                    break;
                default:
                    Assert.True(models.TryGetValue(w.Name, out var m), $"{w.Name} missing from pytorch_workloads.py");
                    Assert.Equal((WorkloadReport.KindName(w.Kind), w.Arch, w.Batch, w.DefaultRepeats), m);
                    break;
            }
        }

        Assert.Equal(WorkloadCatalog.All.Count - 1, gemms.Count + models.Count);
        Assert.Contains($"GEMM_FLOPS_PER_SAMPLE = {WorkloadBenchmark.GemmFlopsPerSample:0e0}", script, StringComparison.Ordinal);
        Assert.Contains(string.Create(CultureInfo.InvariantCulture, $"GEMM_WARM_UP_SECONDS = {WorkloadBenchmark.GemmWarmUpSeconds:0.0}"), script, StringComparison.Ordinal);
        Assert.Contains(string.Create(CultureInfo.InvariantCulture, $"MODEL_WARM_UP_SECONDS = {WorkloadBenchmark.ModelWarmUpSeconds:0.0}"), script, StringComparison.Ordinal);
    }

    [Fact]
    public void Images_follow_the_formula_numpy_evaluates()
    {
        // float32(i * 0.6180339887498949 % 1.0) for i = 0..5, printed by numpy: bit-exact across the two sides.
        float[] numpy = [0f, 0.6180340051651001f, 0.2360679805278778f, 0.8541019558906555f, 0.4721359610557556f, 0.09016994386911392f];
        using var images = BenchmarkInputs.Images(1, 1, 2, 3);
        Assert.Equal(numpy, images.ToArray());
        Assert.Equal([0, 7, 4, 1, 8], BenchmarkInputs.Labels(5, 10));
    }

    [Fact]
    public void Model_flops_count_convolutions_and_linear_layers_of_one_forward_pass()
    {
        // smallcnn on 28x28x1: conv 1->32 at 28x28, conv 32->64 at 14x14 (3x3), linear 3136->128, linear 128->10.
        var expected = (2.0 * 28 * 28 * 32 * 1 * 9) + (2.0 * 14 * 14 * 64 * 32 * 9) + (2.0 * 3136 * 128) + (2.0 * 128 * 10);
        var info = ModelRegistry.Get("smallcnn");
        Assert.Equal(expected, ModelFlops.ForwardPerImage(info.Create(seed: 1), info.InputSize));
        Assert.Equal(3 * expected * 128, ModelFlops.PerSample(WorkloadKind.TrainingStep, expected, 128));
    }

    [Fact]
    public void Workloads_are_parsed_by_name_all_and_with_suggestions()
    {
        Assert.Equal(WorkloadCatalog.All, WorkloadCatalog.Parse("all"));
        Assert.Equal(["smallcnn-train", "sgemm-256"], WorkloadCatalog.Parse(" smallcnn-train, SGEMM-256,smallcnn-train").Select(w => w.Name));
        var error = Assert.Throws<ConfigurationException>(() => WorkloadCatalog.Parse("resnet50-trian"));
        Assert.Contains("resnet50-train", error.Message, StringComparison.Ordinal);
        Assert.Equal(["fma-peak", "sgemm-300", "smallcnn-infer", "smallcnn-train"], WorkloadCatalog.Default("smallcnn", 16, 300).Select(w => w.Name));
    }

    private static string RepositoryRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "RobustGate.sln")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException($"RobustGate.sln not found above {AppContext.BaseDirectory}.");
    }

    [GeneratedRegex("""gemm\("(?<name>[^"]+)", (?<m>\d+), (?<n>\d+), (?<k>\d+), "[^"]*"(, op="(?<op>[NT]{2})")?\)""")]
    private static partial Regex GemmLine();

    [GeneratedRegex("""model\("(?<name>[^"]+)", "(?<kind>[^"]+)", "(?<arch>[^"]+)", (?<batch>\d+), (?<repeats>\d+)\)""")]
    private static partial Regex ModelLine();
}
