using RobustGate.Engine.Models;

namespace RobustGate.Engine.Benchmarks;

/// <summary>
/// The workloads of issue #5's table under stable names, shared with bench/pytorch_workloads.py
/// (which must list the same names, shapes, batch sizes and repeats). The SGEMM shapes beyond the
/// squares are the GEMMs an im2col convolution of resnet18-cifar and resnet50 performs for one
/// image in the forward pass (M = output channels, N = output pixels, K = input channels x kernel
/// taps), plus one batch-wide weight-gradient GEMM: the tall-skinny and small-K cases where a
/// GEMM is hardest to keep near the FMA peak.
/// </summary>
public static class WorkloadCatalog
{
    private static readonly BenchmarkWorkload[] Entries =
    [
        new("fma-peak", WorkloadKind.FmaPeak, "FMA peak (Vector512 FMA chains, best of 10 rounds)", 1),
        Gemm("sgemm-256", 256, 256, 256, "square"),
        Gemm("sgemm-512", 512, 512, 512, "square"),
        Gemm("sgemm-1024", 1024, 1024, 1024, "square"),
        Gemm("sgemm-2048", 2048, 2048, 2048, "square"),
        Gemm("sgemm-r18c-conv1", 64, 1024, 27, "resnet18-cifar conv1 3x3 3->64 at 32x32 (small K)"),
        Gemm("sgemm-r18c-layer1", 64, 1024, 576, "resnet18-cifar layer1 3x3 64->64 at 32x32"),
        Gemm("sgemm-r18c-layer2", 128, 256, 1152, "resnet18-cifar layer2 3x3 128->128 at 16x16"),
        Gemm("sgemm-r18c-layer3", 256, 64, 2304, "resnet18-cifar layer3 3x3 256->256 at 8x8 (tall-skinny)"),
        Gemm("sgemm-r18c-layer4", 512, 16, 4608, "resnet18-cifar layer4 3x3 512->512 at 4x4 (tall-skinny)"),
        Gemm("sgemm-r18c-layer4-wgrad", 512, 4608, 1024, "resnet18-cifar layer4 weight gradient over batch 64 (K = 64 x 4x4)"),
        Gemm("sgemm-r50-conv1", 64, 12544, 147, "resnet50 conv1 7x7/2 3->64 at 224 (small K)"),
        Gemm("sgemm-r50-layer1-reduce", 64, 3136, 256, "resnet50 layer1 1x1 256->64 at 56x56"),
        Gemm("sgemm-r50-layer1-3x3", 64, 3136, 576, "resnet50 layer1 3x3 64->64 at 56x56"),
        Gemm("sgemm-r50-layer1-expand", 256, 3136, 64, "resnet50 layer1 1x1 64->256 at 56x56 (small K)"),
        Gemm("sgemm-r50-layer3-3x3", 256, 196, 2304, "resnet50 layer3 3x3 256->256 at 14x14"),
        Gemm("sgemm-r50-layer4-3x3", 512, 49, 4608, "resnet50 layer4 3x3 512->512 at 7x7 (tall-skinny)"),
        Gemm("sgemm-r50-layer4-expand", 2048, 49, 512, "resnet50 layer4 1x1 512->2048 at 7x7 (tall-skinny)"),
        Model("resnet18-cifar-infer", WorkloadKind.Inference, "resnet18-cifar", 64, 7),
        Model("resnet18-cifar-pgd", WorkloadKind.PgdStep, "resnet18-cifar", 64, 7),
        Model("resnet18-cifar-train", WorkloadKind.TrainingStep, "resnet18-cifar", 64, 5),
        Model("resnet18-infer", WorkloadKind.Inference, "resnet18", 32, 5),
        Model("resnet18-train", WorkloadKind.TrainingStep, "resnet18", 32, 5),
        Model("resnet50-infer", WorkloadKind.Inference, "resnet50", 32, 5),
        Model("resnet50-train", WorkloadKind.TrainingStep, "resnet50", 32, 5),
        Model("smallcnn-train", WorkloadKind.TrainingStep, "smallcnn", 128, 11),
    ];

    /// <summary>Every named workload, in the order of the issue's table.</summary>
    public static IReadOnlyList<BenchmarkWorkload> All => Entries;

    public static IEnumerable<string> Names => Entries.Select(e => e.Name);

    /// <summary>
    /// The quick default of <c>robustgate bench</c>: the FMA peak, one square SGEMM, and inference
    /// and a training step of one architecture at one batch size.
    /// </summary>
    public static IReadOnlyList<BenchmarkWorkload> Default(string arch, int batch, int gemmSize)
    {
        var info = ModelRegistry.Get(arch);
        if (batch < 1)
        {
            throw new ConfigurationException($"--batch: expected a positive batch size, got {batch}.");
        }

        if (gemmSize < 1)
        {
            throw new ConfigurationException($"--gemm-size: expected a positive matrix size, got {gemmSize}.");
        }

        return
        [
            Entries[0],
            Gemm($"sgemm-{gemmSize}", gemmSize, gemmSize, gemmSize, "square"),
            Model($"{info.Name}-infer", WorkloadKind.Inference, info.Name, batch, 5),
            Model($"{info.Name}-train", WorkloadKind.TrainingStep, info.Name, batch, 5),
        ];
    }

    /// <summary>
    /// The workloads a <c>--workloads</c> value names: "all", or names separated by commas (order
    /// kept, duplicates dropped). An unknown name is a <see cref="ConfigurationException"/>.
    /// </summary>
    public static IReadOnlyList<BenchmarkWorkload> Parse(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        if (string.Equals(text.Trim(), "all", StringComparison.OrdinalIgnoreCase))
        {
            return Entries;
        }

        var chosen = new List<BenchmarkWorkload>();
        foreach (var raw in text.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            var entry = Entries.FirstOrDefault(e => string.Equals(e.Name, raw, StringComparison.OrdinalIgnoreCase))
                ?? throw new ConfigurationException(
                    $"--workloads: unknown workload '{raw}'.{Text.NameSuggestions.Hint(raw, Names)} Expected 'all' or names from: {string.Join(", ", Names)}.");
            if (!chosen.Contains(entry))
            {
                chosen.Add(entry);
            }
        }

        if (chosen.Count == 0)
        {
            throw new ConfigurationException("--workloads: expected 'all' or a comma-separated list of workload names, got an empty list.");
        }

        return chosen;
    }

    private static BenchmarkWorkload Gemm(string name, int m, int n, int k, string what) =>
        new(name, WorkloadKind.Gemm, $"SGEMM M={m} N={n} K={k}: {what}", 5, M: m, N: n, K: k);

    private static BenchmarkWorkload Model(string name, WorkloadKind kind, string arch, int batch, int repeats)
    {
        var what = kind switch
        {
            WorkloadKind.Inference => "inference (eval, no graph)",
            WorkloadKind.PgdStep => "PGD step (eval forward, backward to the input only, sign step)",
            _ => "training step (forward, backward, SGD momentum 0.9)",
        };
        // A 224-pixel step takes seconds and one warm-up populates everything; small inputs get two.
        var warmups = ModelRegistry.Get(arch).InputSize.H >= 128 ? 1 : 2;
        return new(name, kind, $"{arch} b{batch} {what}", repeats, warmups, Arch: arch, Batch: batch);
    }
}
