using RobustGate.Engine.Kernels;
using RobustGate.Engine.Models;

namespace RobustGate.Engine.Benchmarks;

/// <summary>
/// The workloads of issue #5's table under stable names, shared with bench/pytorch_workloads.py
/// (which must list the same names, shapes, batch sizes and repeats). The SGEMM shapes beyond the
/// squares are GEMMs the convolutions of the benchmarked models issue, as <c>robustgate bench --profile</c>
/// records them: forward (NN: M = output channels, N = output pixels of a block of images, K = input
/// channels x taps), input gradient (TN: W^T dY), weight gradient (NT: M = the forward's K, N = output
/// channels, K = pixels), Winograd's per-element GEMMs, and two single-image shapes: the tall-skinny and
/// small-K cases where a GEMM is hardest to keep near the FMA peak. A "T" operand is stored transposed,
/// as PyTorch's side passes it (a transposed view to torch.mm).
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
        Gemm("sgemm-r18c-conv1-wgrad", 27, 64, 1024, "resnet18-cifar conv1 weight gradient 3x3 3->64, 1 image of 32x32 per block (small M and K)", Transpose.No, Transpose.Yes),
        Gemm("sgemm-r18c-layer1-winograd", 64, 1024, 64, "resnet18-cifar layer1 3x3 64->64 at 32x32: one of Winograd's 16 GEMMs, 4 images per block (small K)"),
        Gemm("sgemm-r18c-layer1-wgrad", 576, 64, 1024, "resnet18-cifar layer1 weight gradient, 1 image per block (tall-skinny: N = 64 output channels)", Transpose.No, Transpose.Yes),
        Gemm("sgemm-r18c-layer2-winograd", 128, 1024, 128, "resnet18-cifar layer2 3x3 128->128 at 16x16: one of Winograd's 16 GEMMs, 16 images per block"),
        Gemm("sgemm-r18c-layer3", 256, 1024, 2304, "resnet18-cifar layer3 3x3 256->256 at 8x8, 16 images per block"),
        Gemm("sgemm-r18c-layer3-dgrad", 2304, 1024, 256, "resnet18-cifar layer3 input gradient (columns = W^T dY), 16 images per block", Transpose.Yes, Transpose.No),
        Gemm("sgemm-r18c-layer4", 512, 1024, 4608, "resnet18-cifar layer4 3x3 512->512 at 4x4, 64 images per block"),
        Gemm("sgemm-r18c-layer4-wgrad", 4608, 512, 1024, "resnet18-cifar layer4 weight gradient, 64 images per block", Transpose.No, Transpose.Yes),
        Gemm("sgemm-r18c-layer4-1img", 512, 16, 4608, "resnet18-cifar layer4 for a single image (tall-skinny: N = 16 pixels)"),
        Gemm("sgemm-r50-conv1", 64, 12544, 147, "resnet50 conv1 7x7/2 3->64 at 224, 1 image per block (small K)"),
        Gemm("sgemm-r50-conv1-wgrad", 147, 64, 12544, "resnet50 conv1 weight gradient (small M and N, long K)", Transpose.No, Transpose.Yes),
        Gemm("sgemm-r50-layer1-expand", 256, 3136, 64, "resnet50 layer1 1x1 64->256 at 56x56, read in place (small K)"),
        Gemm("sgemm-r50-layer1-reduce-wgrad", 64, 256, 3136, "resnet50 layer1 1x1 256->64 weight gradient (small M)", Transpose.No, Transpose.Yes),
        Gemm("sgemm-r50-layer3", 256, 1176, 2304, "resnet50 layer3 3x3 256->256 at 14x14, 6 images per block"),
        Gemm("sgemm-r50-layer3-dgrad", 2304, 1176, 256, "resnet50 layer3 3x3 input gradient, 6 images per block", Transpose.Yes, Transpose.No),
        Gemm("sgemm-r50-layer4", 512, 1029, 4608, "resnet50 layer4 3x3 512->512 at 7x7, 21 images per block"),
        Gemm("sgemm-r50-layer4-1img", 512, 49, 4608, "resnet50 layer4 3x3 for a single image (tall-skinny: N = 49 pixels)"),
        Gemm("sgemm-smallcnn-conv2", 64, 1176, 288, "tiny CNN conv2 3x3 32->64 at 14x14, 6 images per block"),
        Gemm("sgemm-smallcnn-conv2-wgrad", 288, 64, 1176, "tiny CNN conv2 weight gradient (tall-skinny)", Transpose.No, Transpose.Yes),
        Gemm("sgemm-smallcnn-conv2-dgrad", 288, 1176, 64, "tiny CNN conv2 input gradient (small K)", Transpose.Yes, Transpose.No),
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

    private static BenchmarkWorkload Gemm(string name, int m, int n, int k, string what, Transpose transA = Transpose.No, Transpose transB = Transpose.No)
    {
        var op = $"{(transA == Transpose.No ? 'N' : 'T')}{(transB == Transpose.No ? 'N' : 'T')}";
        return new(name, WorkloadKind.Gemm, $"SGEMM {op} M={m} N={n} K={k}: {what}", 5, M: m, N: n, K: k, TransA: transA, TransB: transB);
    }

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
