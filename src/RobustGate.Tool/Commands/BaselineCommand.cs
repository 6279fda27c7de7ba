using RobustGate.Engine.IO;
using System.CommandLine;
using RobustGate.Engine;
using RobustGate.Engine.Configuration;
using RobustGate.Engine.Reporting;

namespace RobustGate.Tool.Commands;

/// <summary><c>robustgate baseline accept</c>: promote a report to the baseline later checks compare with.</summary>
internal static class BaselineCommand
{
    public static Command Create(ToolConsole console)
    {
        var report = new Argument<FileInfo>("report") { Description = "The report.json to accept." };
        var to = new Option<FileInfo?>("--to") { Description = "Baseline file to write (default: the baseline report path in robustgate.json)." };
        var config = new Option<FileInfo?>("--config") { Description = "robustgate.json naming the baseline path (default: ./robustgate.json)." };
        var force = new Option<bool>("--force") { Description = "Accept a report whose own gate failed, or a shard report." };
        var accept = new Command("accept", "Validate a report and write it, atomically, as the new baseline.") { report, to, config, force };
        accept.SetAction(parse =>
        {
            var source = parse.GetValue(report)!.FullName;
            var candidate = ReportJsonReader.ReadFile(source);
            var target = parse.GetValue(to)?.FullName ?? BaselinePathFromConfig(parse.GetValue(config)?.FullName);
            if (!parse.GetValue(force))
            {
                if (candidate.Shard is not null)
                {
                    throw new ConfigurationException($"{source} is shard {candidate.Shard} of a run; merge the shards first (or pass --force)");
                }

                if (!candidate.Gate.Passed)
                {
                    throw new ConfigurationException($"{source} failed its own gate; accepting it would lower the bar (pass --force to accept anyway)");
                }
            }

            var bytes = File.ReadAllBytes(source);
            Directory.CreateDirectory(Path.GetDirectoryName(target)!);
            AtomicFile.Write(target, stream => stream.Write(bytes));
            console.WriteLine($"accepted {source} as the baseline {target}");
            return 0;
        });
        var command = new Command("baseline", "Manage the accepted baseline report.");
        command.Subcommands.Add(accept);
        return command;
    }

    private static string BaselinePathFromConfig(string? configFile)
    {
        configFile ??= Path.Combine(Directory.GetCurrentDirectory(), CheckCommand.DefaultConfigFile);
        if (!File.Exists(configFile))
        {
            throw new ConfigurationException("no --to given and no robustgate.json to read the baseline path from", configFile);
        }

        var config = ConfigurationLoader.Load(configFile);
        return config.Baseline is { Kind: BaselineSourceKind.Report, ReportPath: { } path }
            ? path
            : throw new ConfigurationException("$.baseline: expected a baseline report path to accept into (or pass --to)", configFile);
    }
}
