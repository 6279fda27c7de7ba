using System.Diagnostics;
using RobustGate.Engine.Autograd;
using RobustGate.Engine.Functional;
using RobustGate.Engine.Kernels;
using RobustGate.Engine.Models;
using RobustGate.Engine.Nn;
using RobustGate.Engine.Optim;
using RobustGate.Engine.Tensors;

namespace RobustGate.Engine.Benchmarks;

/// <summary>
/// Opt-in profile of a training step (<c>robustgate bench --profile ARCH</c>), without hooks in the
/// autograd engine: whole steps are timed in phases (forward + loss, backward, optimizer), then one
/// recorded graph is taken apart. Every node's backward function is called on its own with a
/// gradient of its output's shape (weight gradients included, as in training); convolutions,
/// batch-norms and linear layers are re-run forward through their modules, ReLU, add and the loss
/// through F. Kinds whose forward cannot be replayed alone keep their time in the unattributed row.
/// Nodes run one at a time miss the overlap and cache reuse of a real step, so per-kind sums are a
/// guide to where time goes, not an exact split.
/// </summary>
public static class StepProfiler
{
    public static StepProfile Run(string arch, int batch, int threads, int repeats)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(batch, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(threads, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(repeats, 1);
        var previousThreads = EngineThreads.Count;
        EngineThreads.Count = threads;
        try
        {
            var info = ModelRegistry.Get(arch);
            var model = info.Create(seed: 1);
            var (c, h, w) = info.InputSize;
            using var images = BenchmarkInputs.Images(batch, c, h, w);
            var labels = BenchmarkInputs.Labels(batch, info.DefaultClasses);
            model.Train();
            var optimizer = new SGD(model.Parameters(), learningRate: 0.01, momentum: 0.9);
            var forward = new double[repeats];
            var backward = new double[repeats];
            var update = new double[repeats];
            var step = new double[repeats];
            for (var r = -2; r < repeats; r++)
            {
                using var scope = new TensorScope();
                var clock = Stopwatch.StartNew();
                optimizer.ZeroGrad();
                var loss = F.CrossEntropy(model.Forward(images), labels);
                var t1 = clock.Elapsed.TotalMilliseconds;
                loss.Backward();
                var t2 = clock.Elapsed.TotalMilliseconds;
                optimizer.Step();
                var t3 = clock.Elapsed.TotalMilliseconds;
                if (r >= 0)
                {
                    forward[r] = t1;
                    backward[r] = t2 - t1;
                    update[r] = t3 - t2;
                    step[r] = t3;
                }
            }

            var stepMs = GemmBenchmarkData.Median(step);
            var forwardMs = GemmBenchmarkData.Median(forward);
            var backwardMs = GemmBenchmarkData.Median(backward);
            var ops = ProfileOps(model, images, labels, repeats);
            var shapes = RecordGemmShapes(model, images, labels, optimizer);
            var peak = FmaPeak.Measure(threads);
            return new StepProfile(info.Name, batch, threads, stepMs, forwardMs, backwardMs, GemmBenchmarkData.Median(update), ops)
            {
                GemmShapes = [.. shapes.Select(s => new GemmShapeTiming(s.Shape, s.Calls, GemmShapeBenchmark.Run(s.Shape, threads, repeats)))],
                FmaPeakGigaflops = peak,
            };
        }
        finally
        {
            EngineThreads.Count = previousThreads;
        }
    }

    /// <summary>The GEMM calls of one whole training step (forward, backward, update).</summary>
    private static IReadOnlyList<(GemmShape Shape, int Calls)> RecordGemmShapes(Module model, Tensor images, int[] labels, SGD optimizer)
    {
        using var scope = new TensorScope();
        using var recorder = GemmShapeRecorder.Start();
        optimizer.ZeroGrad();
        F.CrossEntropy(model.Forward(images), labels).Backward();
        optimizer.Step();
        return recorder.Shapes;
    }

    private static List<OpKindTiming> ProfileOps(Module model, Tensor images, int[] labels, int repeats)
    {
        var owners = new Dictionary<Tensor, Module>(ReferenceEqualityComparer.Instance);
        foreach (var (_, module) in model.NamedModules())
        {
            switch (module)
            {
                case Conv2d conv:
                    owners[conv.Weight] = conv;
                    break;
                case BatchNorm2d bn:
                    owners[bn.Weight] = bn;
                    break;
                case Linear linear:
                    owners[linear.Weight] = linear;
                    break;
            }
        }

        // Pooling records no module reference; the models here use one max-pool configuration, and
        // only then can a max_pool2d node be replayed.
        var pools = model.NamedModules().Select(m => m.Module).OfType<MaxPool2d>()
            .Select(p => (p.KernelSize, p.Stride, p.Padding, p.Dilation, p.CeilMode)).Distinct().ToList();
        MaxPool2d? pool = pools.Count == 1 ? model.NamedModules().Select(m => m.Module).OfType<MaxPool2d>().First() : null;

        using var scope = new TensorScope();
        var root = F.CrossEntropy(model.Forward(images), labels);
        var kinds = new Dictionary<string, (int Nodes, double Forward, bool Replayed, double Backward, double Flops)>(StringComparer.Ordinal);
        if (model is NormalizedModel normalized)
        {
            // The input normalisation records no node (the images need no gradient).
            kinds["normalize (input)"] = (1, Median(repeats, () => normalized.Normalize.Forward(images)), true, 0.0, 0.0);
        }

        foreach (var (node, outputShape) in Nodes(root))
        {
            var replay = Replay(node, outputShape, owners, pool, labels);
            var forwardMs = replay is null ? 0.0 : Median(repeats, replay);
            var gradient = Tensor.Full(1e-3f, outputShape);
            var backwardMs = Median(repeats, () => node.Apply(gradient, node.NeedsGrad));
            gradient.Dispose();
            var flops = node.Name == "conv2d" && node.Inputs.Length > 1 && owners.TryGetValue(node.Inputs[1], out var m) && m is Conv2d conv
                ? ModelFlops.ConvFlops(node.Inputs[0].Shape, conv)
                : node.Name == "linear" ? 2.0 * node.Inputs[0].Numel * node.Inputs[1].Shape[0] : 0.0;
            var key = node.Name == "conv2d" && node.Inputs.Length > 1 && owners.TryGetValue(node.Inputs[1], out var owner) && owner is Conv2d layer
                ? ConvKey(node.Inputs[0].Shape, layer)
                : node.Name;
            kinds.TryGetValue(key, out var sum);
            kinds[key] = (sum.Nodes + 1, sum.Forward + forwardMs, sum.Replayed || replay is not null, sum.Backward + backwardMs, sum.Flops + flops);
        }

        // Free the graph the way a real backward pass does.
        root.Backward();
        model.ZeroGrad();
        return [.. kinds
            .Select(k => new OpKindTiming(k.Key, k.Value.Nodes, k.Value.Replayed ? k.Value.Forward : double.NaN, k.Value.Backward, k.Value.Flops))
            .OrderByDescending(o => (double.IsNaN(o.ForwardMs) ? 0 : o.ForwardMs) + o.BackwardMs)];
    }

    /// <summary>Convolutions are split by geometry, so the profile shows which layers cost most: "conv2d 64->128 3x3/2 at 32x32".</summary>
    private static string ConvKey(int[] input, Conv2d conv) =>
        string.Create(System.Globalization.CultureInfo.InvariantCulture, $"conv2d {conv.InChannels}->{conv.OutChannels} {conv.KernelSize}x{conv.KernelSize}/{conv.Stride} at {input[2]}x{input[3]}");

    /// <summary>Every node of the graph under <paramref name="root"/> once, with the shape of the tensor it produced.</summary>
    private static List<(GradNode Node, int[] OutputShape)> Nodes(Tensor root)
    {
        var found = new List<(GradNode, int[])>();
        var seen = new HashSet<GradNode>(ReferenceEqualityComparer.Instance);
        var stack = new Stack<Tensor>();
        stack.Push(root);
        while (stack.Count > 0)
        {
            var tensor = stack.Pop();
            if (tensor.GradFn is not { } node || !seen.Add(node))
            {
                continue;
            }

            found.Add((node, tensor.Shape));
            foreach (var input in node.Inputs)
            {
                stack.Push(input);
            }
        }

        return found;
    }

    /// <summary>The node's forward computation on its recorded inputs, or null when it cannot be run alone.</summary>
    private static Action? Replay(GradNode node, int[] outputShape, Dictionary<Tensor, Module> owners, MaxPool2d? pool, int[] labels)
    {
        var inputs = node.Inputs;
        return node.Name switch
        {
            "conv2d" or "batch_norm" or "linear" when inputs.Length > 1 && owners.TryGetValue(inputs[1], out var module) => () => module.Forward(inputs[0]),
            "relu" => () => F.Relu(inputs[0]),
            "max_pool2d" when pool is not null => () => pool.Forward(inputs[0]),
            "adaptive_avg_pool2d" => () => F.AdaptiveAvgPool2d(inputs[0], outputShape[2], outputShape[3]),
            "add" when inputs.Length == 2 => () => _ = inputs[0] + inputs[1],
            "cross_entropy" => () => F.CrossEntropy(inputs[0], labels),
            _ => null,
        };
    }

    /// <summary>Median milliseconds of <paramref name="repeats"/> runs after one warm-up, each in its own scope so results return to the pools.</summary>
    private static double Median(int repeats, Action action)
    {
        var samples = new double[repeats];
        for (var r = -1; r < repeats; r++)
        {
            using var scope = new TensorScope();
            var clock = Stopwatch.StartNew();
            action();
            if (r >= 0)
            {
                samples[r] = clock.Elapsed.TotalMilliseconds;
            }
        }

        return GemmBenchmarkData.Median(samples);
    }
}
