using System.CommandLine;
using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using RobustGate.Engine.Autograd;
using RobustGate.Engine.Benchmarks;
using RobustGate.Engine.Kernels;
using RobustGate.Engine.Models;
using RobustGate.Engine.Optim;
using RobustGate.Engine.Functional;
using RobustGate.Engine.Tensors;

namespace RobustGate.Tool.Commands;

/// <summary>
/// <c>robustgate bench</c>: GEMM GFLOP/s against the machine's measured FMA peak, and images/s of
/// inference and of training steps for one architecture and batch size. Medians of repeated runs,
/// measured after warm-up so buffer pools are populated (first touch of memory is slow here).
/// </summary>
internal static class BenchCommand
{
    public static Command Create(ToolConsole console)
    {
        var arch = new Option<string>("--arch") { Description = "Architecture to time.", DefaultValueFactory = _ => "resnet18-cifar" };
        var batch = new Option<int>("--batch") { Description = "Batch size.", DefaultValueFactory = _ => 64 };
        var threads = new Option<int?>("--threads") { Description = "Engine threads (default: all cores)." };
        var repeats = new Option<int>("--repeats") { Description = "Timed repetitions per workload (the median is reported).", DefaultValueFactory = _ => 5 };
        var gemmSize = new Option<int>("--gemm-size") { Description = "Square GEMM size for the GFLOP/s figure.", DefaultValueFactory = _ => 1024 };
        var json = new Option<bool>("--json") { Description = "Print one JSON object instead of a table." };
        var command = new Command("bench", "Measure GEMM GFLOP/s and model inference / training-step images per second.")
        {
            arch, batch, threads, repeats, gemmSize, json,
        };
        command.Subcommands.Add(BenchCorruptionsCommand.Create(console));
        command.Subcommands.Add(BenchAttacksCommand.Create(console));
        command.SetAction(parse =>
        {
            if (parse.GetValue(threads) is { } t)
            {
                EngineThreads.Count = t;
            }

            var threadCount = EngineThreads.Count;
            var reps = Math.Max(1, parse.GetValue(repeats));
            var size = parse.GetValue(gemmSize);
            var info = ModelRegistry.Get(parse.GetValue(arch)!);
            var batchSize = parse.GetValue(batch);

            var peak = FmaPeak.Measure(threadCount);
            var gemm = GemmBenchmark.Run(size, size, size, threadCount, reps);
            var (inference, training) = TimeModel(info, batchSize, reps);

            if (parse.GetValue(json))
            {
                using var stream = new MemoryStream();
                using (var writer = new Utf8JsonWriter(stream, new JsonWriterOptions { Indented = true }))
                {
                    writer.WriteStartObject();
                    writer.WriteString("arch", info.Name);
                    writer.WriteNumber("batch", batchSize);
                    writer.WriteNumber("threads", threadCount);
                    writer.WriteNumber("fma_peak_gflops", Math.Round(peak, 1));
                    writer.WriteNumber("gemm_size", size);
                    writer.WriteNumber("gemm_gflops", Math.Round(gemm, 1));
                    writer.WriteNumber("gemm_fraction_of_peak", Math.Round(gemm / peak, 3));
                    writer.WriteNumber("inference_images_per_second", Math.Round(inference, 2));
                    writer.WriteNumber("train_step_images_per_second", Math.Round(training, 2));
                    writer.WriteEndObject();
                }

                console.WriteLine(System.Text.Encoding.UTF8.GetString(stream.ToArray()));
                return 0;
            }

            console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"threads: {threadCount}, arch: {info.Name}, batch: {batchSize}, medians of {reps}"));
            console.WriteLine("| workload | result |");
            console.WriteLine("| --- | ---: |");
            console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"| FMA peak (Vector512) | {peak:0.0} GFLOP/s |"));
            console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"| SGEMM {size}^3 | {gemm:0.0} GFLOP/s ({gemm / peak:P0} of peak) |"));
            console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"| {info.Name} inference | {inference:0.0} images/s |"));
            console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"| {info.Name} training step | {training:0.0} images/s |"));
            return 0;
        });
        return command;
    }

    private static (double Inference, double Training) TimeModel(RobustGate.Engine.Models.ModelInfo info, int batch, int repeats)
    {
        var model = info.Create(seed: 1);
        var (c, h, w) = info.InputSize;
        var generator = new Generator(7);
        using var x = Tensor.Rand(generator, batch, c, h, w);
        var labels = new int[batch];
        for (var i = 0; i < batch; i++)
        {
            labels[i] = (int)generator.NextInt64(0, info.DefaultClasses);
        }

        var optimizer = new SGD(model.Parameters(), learningRate: 0.01, momentum: 0.9);

        model.Eval();
        var inference = Median(repeats, () =>
        {
            using var noGrad = new NoGrad();
            using var y = model.Forward(x);
        });

        model.Train();
        var training = Median(repeats, () =>
        {
            optimizer.ZeroGrad();
            using var logits = model.Forward(x);
            using var loss = F.CrossEntropy(logits, labels);
            loss.Backward();
            optimizer.Step();
        });
        return (batch / inference, batch / training);
    }

    private static double Median(int repeats, Action action)
    {
        action(); // warm-up: JIT and buffer pools
        var samples = new double[repeats];
        for (var i = 0; i < repeats; i++)
        {
            var clock = Stopwatch.StartNew();
            action();
            samples[i] = clock.Elapsed.TotalSeconds;
        }

        Array.Sort(samples);
        return samples[repeats / 2];
    }
}
