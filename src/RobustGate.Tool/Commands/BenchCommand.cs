using System.CommandLine;
using System.Globalization;
using RobustGate.Engine;
using RobustGate.Engine.Benchmarks;
using RobustGate.Engine.Kernels;
using RobustGate.Engine.Models;

namespace RobustGate.Tool.Commands;

/// <summary>
/// <c>robustgate bench</c>: the workloads of issue #5 (FMA peak, SGEMM shapes, model inference,
/// PGD and training steps), each as the median of repeated samples after warm-up, with GFLOP/s
/// against the FMA peak measured in the same run. Without --workloads it times the quick default
/// set (peak, one square SGEMM, inference and a training step of --arch at --batch).
/// bench/side_by_side.py runs it against bench/pytorch_workloads.py.
/// </summary>
internal static class BenchCommand
{
    public static Command Create(ToolConsole console)
    {
        var workloads = new Option<string?>("--workloads")
        {
            Description = "'all' or comma-separated workload names (default: fma-peak, sgemm-<gemm-size>, <arch>-infer and <arch>-train at --batch). "
                + "Names: " + string.Join(", ", WorkloadCatalog.Names) + ".",
        };
        var arch = new Option<string>("--arch") { Description = "Architecture of the default set.", DefaultValueFactory = _ => "resnet18-cifar" };
        var batch = new Option<int>("--batch") { Description = "Batch size of the default set.", DefaultValueFactory = _ => 64 };
        var threads = new Option<int?>("--threads") { Description = "Engine threads (default: all cores)." };
        var repeats = new Option<int?>("--repeats") { Description = "Timed samples per workload, the median is reported (default: 5 in the default set, each named workload's own, 5 to 11)." };
        var gemmSize = new Option<int>("--gemm-size") { Description = "Square GEMM size of the default set.", DefaultValueFactory = _ => 1024 };
        var profile = new Option<string?>("--profile")
        {
            Description = "Instead of the workloads, profile one training step of this architecture at --batch: time per phase and per autograd op kind.",
        };
        var json = new Option<bool>("--json") { Description = "Print one JSON object (the schema bench/pytorch_workloads.py prints) instead of a table." };
        var command = new Command("bench", "Measure the FMA peak, SGEMM GFLOP/s and model inference / PGD / training-step images per second.")
        {
            workloads, arch, batch, threads, repeats, gemmSize, profile, json,
        };
        command.Subcommands.Add(BenchCorruptionsCommand.Create(console));
        command.Subcommands.Add(BenchAttacksCommand.Create(console));
        DeviceOption.AddTo(command);
        command.SetAction(parse =>
        {
            if (parse.GetValue(threads) is { } t)
            {
                if (t < 1)
                {
                    throw new ConfigurationException($"--threads: expected a positive thread count, got {t}.");
                }

                EngineThreads.Count = t;
            }

            var repeatOverride = parse.GetValue(repeats);
            if (repeatOverride is < 1)
            {
                throw new ConfigurationException($"--repeats: expected a positive number of samples, got {repeatOverride}.");
            }

            var threadCount = EngineThreads.Count;
            if (parse.GetValue(profile) is { } profiled)
            {
                var info = ModelRegistry.Get(profiled);
                var batchSize = parse.GetValue(batch);
                if (batchSize < 1)
                {
                    throw new ConfigurationException($"--batch: expected a positive batch size, got {batchSize}.");
                }

                foreach (var line in StepProfileReport.Table(StepProfiler.Run(info.Name, batchSize, threadCount, repeatOverride ?? 5)))
                {
                    console.WriteLine(line);
                }

                return 0;
            }

            var chosen = parse.GetValue(workloads) is { } names
                ? WorkloadCatalog.Parse(names)
                : WorkloadCatalog.Default(parse.GetValue(arch)!, parse.GetValue(batch), parse.GetValue(gemmSize));

            // The peak is always measured, first, so every GFLOP/s figure has its ceiling from this run.
            var peakWorkload = WorkloadCatalog.All[0];
            var plan = chosen.Contains(peakWorkload) ? chosen : [peakWorkload, .. chosen];
            var results = new List<WorkloadResult>(plan.Count);
            foreach (var workload in plan)
            {
                console.Error.WriteLine(string.Create(CultureInfo.InvariantCulture, $"bench: {workload.Name} ({threadCount} threads)"));
                var count = workload.Kind == WorkloadKind.FmaPeak ? repeatOverride ?? 1 : repeatOverride ?? workload.DefaultRepeats;
                results.Add(WorkloadBenchmark.Run(workload, threadCount, count));
            }

            var peak = results[0].Rate;
            var shown = chosen.Contains(peakWorkload) ? results : results.Skip(1).ToList();
            if (parse.GetValue(json))
            {
                console.WriteLine(WorkloadReport.Json(shown, threadCount, peak));
                return 0;
            }

            foreach (var line in WorkloadReport.Table(shown, threadCount, peak))
            {
                console.WriteLine(line);
            }

            return 0;
        });
        return command;
    }
}
