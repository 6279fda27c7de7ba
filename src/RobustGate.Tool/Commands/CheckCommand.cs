using System.CommandLine;
using System.Globalization;
using RobustGate.Engine;
using RobustGate.Engine.Configuration;
using RobustGate.Engine.Evaluation;
using RobustGate.Engine.Gating;
using RobustGate.Engine.Reporting;
using RobustGate.Tool.Parsing;

namespace RobustGate.Tool.Commands;

/// <summary>
/// <c>robustgate check</c>: evaluate, compare with the baseline, gate. Options override
/// robustgate.json (found in the working directory or given with --config); with enough options
/// no config file is needed. Exit code: 0 pass, 1 regression, 2 usage/config, 3 bad input.
/// </summary>
internal static class CheckCommand
{
    public const string DefaultConfigFile = "robustgate.json";

    public static Command Create(ToolConsole console)
    {
        var options = new CheckOptions();
        var command = new Command("check", "Evaluate a model under corruptions and noise, compare with the baseline, and fail on regressions.");
        options.AddTo(command);
        DeviceOption.AddTo(command, defersToConfiguration: true);
        command.SetAction(parse =>
        {
            var config = options.Resolve(parse);
            DeviceOption.ApplyConfigured(parse, config.Device, console.Error);
            var outcome = CheckRunner.Run(config, new SynchronousProgress<EvaluationProgress>(p => console.Progress(p.Setting, p.Done, p.Total)));
            console.EndProgressLine();
            Directory.CreateDirectory(config.ReportDir);
            var written = ReportExporters.WriteAll(outcome.Report, config.ReportDir, "report", config.Formats);
            ReportConsole.Print(console, outcome.Report, config.SourceFile);
            foreach (var warning in outcome.Warnings)
            {
                console.Warn(warning);
            }

            foreach (var path in written)
            {
                console.Error.WriteLine($"wrote {path}");
            }

            return outcome.Report.Gate.ExitCode;
        });
        return command;
    }

    /// <summary>The options of <c>check</c> and how they override the configuration file.</summary>
    internal sealed class CheckOptions
    {
        private readonly ModelOptions _model = new();
        private readonly Option<FileInfo?> _config = new("--config") { Description = $"Configuration file (default: ./{DefaultConfigFile} when present)." };
        private readonly Option<string?> _data = new("--data") { Description = "Data: synthetic, fashion-mnist[:DIR], mnist:DIR, cifar10:DIR, cifar100:DIR, imagefolder:DIR, imagenet-val:DIR[:LABELS]." };
        private readonly Option<int?> _limit = new("--limit") { Description = "Evaluate a seeded, class-stratified subset of this many images." };
        private readonly Option<long?> _seed = new("--seed") { Description = "Base seed for the subset and every corrupted image." };
        private readonly Option<string?> _profile = new("--profile") { Description = "Corruption parameters: imagecorruptions, cifar or imagenet-c (default: by input size)." };
        private readonly Option<string?> _corruptions = new("--corruptions") { Description = "benchmark, extra, all, noc, none, or a comma-separated list of names." };
        private readonly Option<string?> _severities = new("--severities") { Description = "Comma-separated severities (default 1,2,3,4,5)." };
        private readonly Option<string?> _frostDir = new("--frost-dir") { Description = "Folder of frost textures (default: a procedural texture)." };
        private readonly Option<string?> _baseline = new("--baseline") { Description = "Baseline: a report.json, 'alexnet' (published ImageNet-C errors) or 'none'." };
        private readonly Option<string[]> _rules = new("--rule") { Description = "Gate rule, e.g. \"mce <= 0.8\" or \"mce increase vs baseline <= 0.01\" (repeatable).", AllowMultipleArgumentsPerToken = false };
        private readonly Option<double?> _significance = new("--significance") { Description = "Significance level of paired comparisons (default 0.05)." };
        private readonly Option<string?> _shard = new("--shard") { Description = "Evaluate shard k of N (k/N) and write a partial report for 'robustgate merge'." };
        private readonly Option<int?> _batch = new("--batch") { Description = "Images per forward pass." };
        private readonly Option<DirectoryInfo?> _reportDir = new("--report-dir") { Description = "Folder that receives report.json, report.md, report.xml and report.html." };
        private readonly Option<string?> _formats = new("--formats") { Description = "Comma-separated report formats (default: all)." };

        public void AddTo(Command command)
        {
            command.Options.Add(_config);
            _model.AddTo(command, archRequired: false);
            foreach (var option in new Option[] { _data, _limit, _seed, _profile, _corruptions, _severities, _frostDir, _baseline, _rules, _significance, _shard, _batch, _reportDir, _formats })
            {
                command.Options.Add(option);
            }
        }

        public RobustGateConfiguration Resolve(ParseResult parse)
        {
            var cwd = Directory.GetCurrentDirectory();
            var configPath = parse.GetValue(_config)?.FullName;
            if (configPath is null && File.Exists(Path.Combine(cwd, DefaultConfigFile)))
            {
                configPath = Path.Combine(cwd, DefaultConfigFile);
            }

            if (configPath is not null && !File.Exists(configPath))
            {
                throw new ConfigurationException("configuration file not found", configPath);
            }

            var config = configPath is null ? RobustGateConfiguration.Default(cwd) : ConfigurationLoader.Load(configPath);
            config = config with
            {
                Model = MergeModel(parse, config.Model),
                Data = parse.GetValue(_data) ?? config.Data,
                Limit = parse.GetValue(_limit) ?? config.Limit,
                Seed = parse.GetValue(_seed) ?? config.Seed,
                BatchSize = parse.GetValue(_batch) ?? config.BatchSize,
                ReportDir = parse.GetValue(_reportDir)?.FullName ?? config.ReportDir,
                Shard = parse.GetValue(_shard) is { } shard ? ShardSpec.Parse(shard) : config.Shard,
                Formats = parse.GetValue(_formats) is { } formats
                    ? formats.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries)
                    : config.Formats,
                Suites = MergeSuites(parse, config.Suites),
                Baseline = MergeBaseline(parse, config.Baseline),
                Gate = MergeGate(parse, config.Gate),
            };
            foreach (var format in config.Formats)
            {
                _ = ReportExporters.Get(format);
            }

            return config;
        }

        private ModelConfiguration? MergeModel(ParseResult parse, ModelConfiguration? model)
        {
            var arch = parse.GetValue(_model.Arch) ?? model?.Arch;
            if (arch is null)
            {
                return null;
            }

            var mean = parse.GetValue(_model.Mean);
            var std = parse.GetValue(_model.Std);
            var preprocessing = model?.Preprocessing ?? PreprocessingConfiguration.Default;
            if (parse.GetValue(_model.ResizeTo) is { } resize)
            {
                preprocessing = preprocessing with { Resize = resize };
            }

            return new ModelConfiguration(
                arch,
                parse.GetValue(_model.Weights)?.FullName ?? model?.Weights,
                parse.GetValue(_model.Classes) ?? model?.Classes,
                mean is null ? model?.Mean : ValueParsers.ParseFloatList(mean, "--mean").Select(v => (double)v).ToList(),
                std is null ? model?.Std : ValueParsers.ParseFloatList(std, "--std").Select(v => (double)v).ToList(),
                parse.GetValue(_model.InputSize) ?? model?.InputSize,
                preprocessing);
        }

        private SuitesConfiguration MergeSuites(ParseResult parse, SuitesConfiguration suites)
        {
            var corruptions = suites.Corruptions ?? CorruptionSuiteConfiguration.Default;
            if (parse.GetValue(_corruptions) is { } selection)
            {
                var parts = selection.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries);
                var keywords = new[] { "benchmark", "extra", "all", "noc", "none" };
                corruptions = parts.Length == 1 && keywords.Contains(parts[0], StringComparer.OrdinalIgnoreCase)
                    ? corruptions with { Selection = parts[0].ToLowerInvariant(), Names = [] }
                    : corruptions with { Selection = null, Names = parts };
            }

            if (parse.GetValue(_severities) is { } severities)
            {
                var values = ValueParsers.ParseFloatList(severities, "--severities").Select(v => (int)v).ToList();
                if (values.Any(v => v is < 1 or > 5))
                {
                    throw new ConfigurationException($"--severities: expected values from 1 to 5, found '{severities}'");
                }

                corruptions = corruptions with { Severities = values };
            }

            if (parse.GetValue(_profile) is { } profile)
            {
                corruptions = corruptions with { Profile = profile };
            }

            if (parse.GetValue(_frostDir) is { } frost)
            {
                corruptions = corruptions with { FrostDir = Path.GetFullPath(frost) };
            }

            return suites with { Corruptions = corruptions };
        }

        private BaselineConfiguration? MergeBaseline(ParseResult parse, BaselineConfiguration? baseline)
        {
            var text = parse.GetValue(_baseline);
            return text?.Trim().ToLowerInvariant() switch
            {
                null => baseline,
                "none" => null,
                "alexnet" => new BaselineConfiguration(BaselineSourceKind.AlexNet, null, null),
                _ => new BaselineConfiguration(BaselineSourceKind.Report, Path.GetFullPath(text), null),
            };
        }

        private GateConfiguration MergeGate(ParseResult parse, GateConfiguration gate)
        {
            var rules = parse.GetValue(_rules);
            var significance = parse.GetValue(_significance) ?? gate.Significance;
            var parsed = rules is { Length: > 0 }
                ? rules.Select((r, i) => GateRule.Parse(r, null, $"--rule[{i.ToString(CultureInfo.InvariantCulture)}]")).ToList()
                : gate.Rules;
            return new GateConfiguration(parsed, significance);
        }
    }
}
