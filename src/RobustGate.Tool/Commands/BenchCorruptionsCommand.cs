using System.CommandLine;
using System.Globalization;
using RobustGate.Engine.Benchmarks;
using RobustGate.Engine.Corruptions;
using RobustGate.Engine.Evaluation;

namespace RobustGate.Tool.Commands;

/// <summary>
/// <c>robustgate bench corruptions</c>: seconds per image of every corruption at 224 and 32 px, on
/// one thread and on all threads, beside the reference implementation's one-thread time from
/// ../shared/ref/corruptions/README.md (imagecorruptions with numba, or Hendrycks' generators).
/// </summary>
internal static class BenchCorruptionsCommand
{
    public static Command Create(ToolConsole console)
    {
        var profile = new Option<string>("--profile") { Description = "imagecorruptions, cifar or imagenet-c.", DefaultValueFactory = _ => "imagecorruptions" };
        var severity = new Option<int>("--severity") { Description = "Severity to time (the reference table uses 3).", DefaultValueFactory = _ => 3 };
        var repeats = new Option<int>("--repeats") { Description = "Timed repetitions (the median is reported).", DefaultValueFactory = _ => 15 };
        var frost = new Option<DirectoryInfo?>("--frost-dir") { Description = "Frost textures (default: the procedural texture)." };
        var only = new Option<string?>("--corruptions") { Description = "Comma-separated subset (default: all 19)." };
        var command = new Command("corruptions", "Time every corruption per image at 224 and 32 px, one thread and all threads, against the reference.")
        {
            profile, severity, repeats, frost, only,
        };
        command.SetAction(parse =>
        {
            var resolved = CheckRunner.ResolveProfile(parse.GetValue(profile), new ModelInputSpec(3, 224, 224));
            var names = parse.GetValue(only)?.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries)
                ?? [.. CorruptionRegistry.Benchmark15, .. CorruptionRegistry.Extra4];
            var registry = new CorruptionRegistry(new CorruptionOptions { Profile = resolved });
            foreach (var name in names)
            {
                _ = registry.Get(name);
            }

            var sizes = resolved == CorruptionProfile.Cifar ? new[] { 32 } : resolved == CorruptionProfile.ImageNetC ? [224] : new[] { 224, 32 };
            var result = CorruptionBenchmark.Run(
                new CorruptionBenchmarkOptions
                {
                    Profile = resolved,
                    Severity = parse.GetValue(severity),
                    Repetitions = Math.Max(1, parse.GetValue(repeats)),
                    FrostDirectory = parse.GetValue(frost)?.FullName,
                    Corruptions = names,
                    Sizes = sizes,
                },
                new SynchronousProgress<string>(p => console.Progress(p, 0, 0)));
            console.EndProgressLine();
            var inv = CultureInfo.InvariantCulture;
            console.WriteLine(string.Create(inv, $"profile {CheckRunner.ProfileName(resolved)}, severity {result.Severity}, {result.Threads} threads; ms per image (median); reference = one thread, from the reference README"));
            foreach (var size in sizes)
            {
                console.WriteLine();
                console.WriteLine(string.Create(inv, $"| {size} px | 1 thread | {result.Threads} threads | reference | speed-up (1 thread) |"));
                console.WriteLine("| --- | ---: | ---: | ---: | ---: |");
                foreach (var t in result.Timings.Where(t => t.Size == size))
                {
                    var reference = t.ReferenceSeconds(resolved);
                    var ratio = reference is { } r ? (r / t.OneThreadSeconds).ToString("0.0", inv) + "x" : "-";
                    console.WriteLine(string.Create(inv, $"| {t.Corruption} | {t.OneThreadSeconds * 1e3:0.000} | {t.AllThreadsSecondsPerImage * 1e3:0.000} | {(reference is { } rr ? (rr * 1e3).ToString("0.000", inv) : "-")} | {ratio} |"));
                }

                var sum = result.Benchmark15OneThreadSum(size);
                var referenceSum = result.Timings.Where(t => t.Size == size && CorruptionRegistry.Benchmark15.Contains(t.Corruption)).Sum(t => t.ReferenceSeconds(resolved) ?? 0);
                console.WriteLine(string.Create(inv, $"| sum of the 15 benchmark corruptions | {sum * 1e3:0.000} | | {referenceSum * 1e3:0.000} | {(sum > 0 ? referenceSum / sum : 0):0.0}x |"));
            }

            return 0;
        });
        return command;
    }
}
