using System.CommandLine;
using RobustGate.Engine.Reporting;

namespace RobustGate.Tool.Commands;

/// <summary><c>robustgate merge</c>: combine shard reports exactly (counts and per-sample bits, never averages).</summary>
internal static class MergeCommand
{
    public static Command Create(ToolConsole console)
    {
        var inputs = new Argument<FileInfo[]>("reports") { Description = "Shard reports (report.json of 'check --shard k/N').", Arity = ArgumentArity.OneOrMore };
        var output = new Option<FileInfo>("--output", "-o") { Description = "Merged report.json to write.", Required = true };
        var baseline = new Option<FileInfo?>("--baseline") { Description = "Baseline report the re-run gate compares with." };
        var formats = new Option<string?>("--formats") { Description = "Also write these formats beside the output (e.g. markdown,junit,html)." };
        var command = new Command("merge", "Merge shard reports into the report of the whole run; the gate is re-run on the merged counts.")
        {
            inputs, output, baseline, formats,
        };
        command.SetAction(parse =>
        {
            var shards = parse.GetValue(inputs)!.Select(f => ReportJsonReader.ReadFile(f.FullName)).ToList();
            var baselineReport = parse.GetValue(baseline) is { } b ? ReportJsonReader.ReadFile(b.FullName) : null;
            var merged = ReportMerger.Merge(shards, baselineReport);
            var outputPath = parse.GetValue(output)!.FullName;
            var folder = Path.GetDirectoryName(outputPath)!;
            Directory.CreateDirectory(folder);
            ReportExporters.WriteFile(ReportExporters.Get("json"), merged, outputPath);
            if (parse.GetValue(formats) is { } extra)
            {
                var names = extra.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries).Where(f => f != "json");
                ReportExporters.WriteAll(merged, folder, Path.GetFileNameWithoutExtension(outputPath), names);
            }

            console.WriteLine($"merged {shards.Count} shards ({merged.Data.SampleIndices.Count} samples) into {outputPath}; gate: {merged.Gate.Verdict}");
            return 0;
        });
        return command;
    }
}
