using System.Diagnostics;
using System.Reflection;
using RobustGate.Engine.Configuration;
using RobustGate.Engine.Corruptions;
using RobustGate.Engine.Data;
using RobustGate.Engine.Imaging;
using RobustGate.Engine.Metrics;
using RobustGate.Engine.Reporting;

namespace RobustGate.Engine.Evaluation;

/// <summary>
/// <c>robustgate check</c> as an engine operation: configuration in, gated report out. The CLI,
/// the MSBuild task (through the CLI) and the workflow all end here, so they cannot disagree.
/// </summary>
public static class CheckRunner
{
    public static string ToolVersion { get; } =
        typeof(CheckRunner).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion.Split('+')[0] ?? "0.0.0";

    public static CheckOutcome Run(RobustGateConfiguration config, IProgress<EvaluationProgress>? progress = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(config);
        var clock = Stopwatch.StartNew();
        var createdAt = DateTimeOffset.UtcNow;
        var modelConfig = config.Model ?? throw new ConfigurationException("no model to check: set model.arch in robustgate.json or pass --arch", config.SourceFile);
        var dataText = config.Data ?? throw new ConfigurationException("no data to check on: set data in robustgate.json or pass --data (e.g. --data synthetic)", config.SourceFile);

        var modelSpec = ToModelSpec(modelConfig, config.Seed);
        var input = modelSpec.ResolvedInput;
        var dataSpec = DatasetSpec.Parse(dataText);
        var openOptions = new DatasetOpenOptions { Split = DatasetSplit.Test, Seed = (ulong)config.Seed, Decoder = path => ImageFile.Load(path) };
        var seed = (ulong)config.Seed;
        var premade = dataSpec.IsCorruptedSet ? PremadeSettings(dataSpec, config, openOptions) : null;
        var dataset = premade is { Count: > 0 } ? premade[0].Premade! : dataSpec.Open(openOptions);

        // Baseline report first: a bad baseline should fail before minutes of evaluation.
        Report? baselineReport = config.Baseline is { Kind: BaselineSourceKind.Report, ReportPath: { } path } ? ReadBaseline(path) : null;

        var allIndices = config.Limit is { } limit
            ? DatasetSubset.Stratified(dataset.Labels, limit, unchecked((int)config.Seed))
            : Enumerable.Range(0, dataset.Count).ToArray();
        var indices = config.Shard is { } shard ? shard.Select(allIndices) : allIndices;

        var profile = ResolveProfile(config.Suites.Corruptions?.Profile, input);
        var settings = premade ?? BuildSettings(config, profile);

        var net = modelSpec.Build();
        var classifier = new ModuleClassifier(net, modelSpec.ResolvedClasses, input);
        var evaluator = new Evaluator(classifier, dataset, config.BatchSize);
        var results = evaluator.Run(indices, settings, seed, progress, cancellationToken);
        var warnings = new List<string>();
        if (config.Suites.Attacks.Count > 0 && premade is null)
        {
            var attackSettings = AttackSuite.Run(
                net, (input.Channels, input.Height, input.Width), evaluator.CleanPixels(indices), indices.Select(i => dataset.Labels[i]).ToArray(), indices,
                config.Suites.Attacks, seed, config.BatchSize, progress, warnings, cancellationToken);
            results = new EvaluationResults(results.SampleIndices, [.. results.Settings, .. attackSettings]);
        }

        BaselineTable? baselineTable = null;
        if (config.Baseline is { } baseline)
        {
            baselineTable = baseline.Kind switch
            {
                BaselineSourceKind.AlexNet => BaselineTable.AlexNet,
                // The baseline report's own normaliser (e.g. AlexNet) when it has one, so mCE keeps its usual
                // meaning; otherwise its errors. File names only: reports must not depend on checkout paths.
                BaselineSourceKind.Report => baselineReport!.Baseline ?? baselineReport.ToBaselineTable(Path.GetFileName(baseline.ReportPath!)),
                BaselineSourceKind.Model => EvaluateBaselineModel(baseline.Model!, config, dataset, indices, settings, seed, progress, cancellationToken),
                _ => null,
            };
        }

        var modelInfo = new ModelInfo(
            modelSpec.Arch,
            modelSpec.Weights is null ? null : Path.GetFileName(modelSpec.Weights),
            modelSpec.WeightsSha256(),
            modelSpec.ResolvedClasses,
            (modelSpec.Mean ?? modelSpec.Architecture.Mean).Select(v => (double)v).ToList(),
            (modelSpec.Std ?? modelSpec.Architecture.Std).Select(v => (double)v).ToList(),
            [input.Channels, input.Height, input.Width]);
        var dataInfo = new DataInfo(dataText, dataset.Describe(), dataset.ContentHash(), results.SampleIndices, config.Limit);
        var report = Report.Create(
            ToolVersion,
            createdAt,
            Math.Round(clock.Elapsed.TotalSeconds, 3),
            modelInfo,
            dataInfo,
            config.Seed,
            ProfileName(profile),
            Tensors.ComputeDevices.Current.ReportName,
            config.Shard,
            baselineTable,
            results.Settings,
            config.Gate.Significance);
        var verdict = config.Gate.ToPolicy().Evaluate(report, baselineReport);
        return new CheckOutcome(report with { Gate = verdict }, baselineReport, warnings);
    }

    /// <summary>
    /// The corruption profile: the configured one, or by input size — CIFAR-10-C's parameters for
    /// images of at most 64 px (their severities are calibrated for 32 px), imagecorruptions' otherwise.
    /// </summary>
    public static CorruptionProfile ResolveProfile(string? name, ModelInputSpec input) => name?.Trim().ToLowerInvariant() switch
    {
        null or "" or "auto" => Math.Max(input.Height, input.Width) <= 64 ? CorruptionProfile.Cifar : CorruptionProfile.ImageCorruptions,
        "imagecorruptions" => CorruptionProfile.ImageCorruptions,
        "cifar" or "cifar10-c" or "cifar-c" => CorruptionProfile.Cifar,
        "imagenet-c" or "imagenetc" => CorruptionProfile.ImageNetC,
        _ => throw new ConfigurationException($"unknown corruption profile '{name}'; expected imagecorruptions, cifar or imagenet-c"),
    };

    public static string ProfileName(CorruptionProfile profile) => profile switch
    {
        CorruptionProfile.Cifar => "cifar",
        CorruptionProfile.ImageNetC => "imagenet-c",
        _ => "imagecorruptions",
    };

    /// <summary>Clean, then every selected corruption at every severity, then the noise suites.</summary>
    public static IReadOnlyList<EvaluationSetting> BuildSettings(RobustGateConfiguration config, CorruptionProfile profile)
    {
        ArgumentNullException.ThrowIfNull(config);
        var registry = new CorruptionRegistry(new CorruptionOptions { Profile = profile, FrostDirectory = config.Suites.Corruptions?.FrostDir });
        var settings = new List<EvaluationSetting> { EvaluationSetting.Clean };
        if (config.Suites.Corruptions is { } suite)
        {
            foreach (var name in SelectCorruptions(suite))
            {
                var corruption = registry.Get(name);
                foreach (var severity in suite.Severities)
                {
                    settings.Add(EvaluationSetting.ForCorruption(corruption, severity));
                }
            }
        }

        foreach (var noise in config.Suites.Noise)
        {
            var family = NoiseFamilyFor(noise);
            for (var level = 0; level < family.Parameters.Count; level++)
            {
                settings.Add(EvaluationSetting.ForNoise(family, level + 1, family.Parameters[level]));
            }
        }

        return settings;
    }

    /// <summary>
    /// Settings read from a pre-made corrupted set: the selected corruptions the set holds, at the
    /// configured severities. Such sets have no clean images, so the report has no clean error.
    /// </summary>
    private static List<EvaluationSetting> PremadeSettings(DatasetSpec spec, RobustGateConfiguration config, DatasetOpenOptions options)
    {
        var suite = config.Suites.Corruptions ?? CorruptionSuiteConfiguration.Default;
        var available = spec.AvailableCorruptions();
        var wanted = SelectCorruptions(suite).ToList();
        var names = available.Where(a => wanted.Count == 0 || wanted.Contains(a, StringComparer.Ordinal)).ToList();
        if (names.Count == 0)
        {
            throw new InvalidInputException($"none of the selected corruptions ({string.Join(", ", wanted)}) is in the pre-made set (it holds {string.Join(", ", available)})", spec.Directory);
        }

        var registry = new CorruptionRegistry();
        var settings = new List<EvaluationSetting>();
        foreach (var name in names)
        {
            var group = registry.TryGet(name, out var known) ? known.Group.ToString().ToLowerInvariant() : "extra";
            foreach (var severity in suite.Severities)
            {
                settings.Add(EvaluationSetting.FromPremade(name, group, severity, spec.OpenCorrupted(name, severity, options)));
            }
        }

        return settings;
    }

    private static IEnumerable<string> SelectCorruptions(CorruptionSuiteConfiguration suite)
    {
        IEnumerable<string> selected = suite.Selection?.ToLowerInvariant() switch
        {
            null => [],
            "benchmark" => CorruptionRegistry.Benchmark15,
            "extra" => CorruptionRegistry.Extra4,
            "all" => [.. CorruptionRegistry.Benchmark15, .. CorruptionRegistry.Extra4],
            "noc" => new CorruptionRegistry().InGroup(CorruptionGroup.Noc).Select(c => c.Name),
            "none" => [],
            var other => throw new ConfigurationException($"suites.corruptions: unknown selection '{other}'; expected benchmark, extra, all, noc or a list of names"),
        };
        return selected.Concat(suite.Names).Distinct(StringComparer.Ordinal);
    }

    private static NoiseFamily NoiseFamilyFor(NoiseSuiteConfiguration noise)
    {
        var levels = noise.Levels.ToArray();
        return noise.Family.Trim().ToLowerInvariant().Replace('_', '-') switch
        {
            "gaussian" => NoiseFamily.Gaussian(levels),
            "speckle" => NoiseFamily.Speckle(levels),
            "uniform" => NoiseFamily.Uniform(levels),
            "salt-and-pepper" or "salt-pepper" or "s&p" => NoiseFamily.SaltAndPepper(levels),
            var other => throw new ConfigurationException($"suites.noise: unknown noise family '{other}'; expected gaussian, speckle, uniform or salt-and-pepper"),
        };
    }

    private static BaselineTable EvaluateBaselineModel(
        ModelConfiguration baselineModel,
        RobustGateConfiguration config,
        IImageDataset dataset,
        IReadOnlyList<int> indices,
        IReadOnlyList<EvaluationSetting> settings,
        ulong seed,
        IProgress<EvaluationProgress>? progress,
        CancellationToken cancellationToken)
    {
        var spec = ToModelSpec(baselineModel, config.Seed);
        var classifier = new ModuleClassifier(spec.Build(), spec.ResolvedClasses, spec.ResolvedInput);
        var results = new Evaluator(classifier, dataset, config.BatchSize).Run(indices, settings, seed, progress, cancellationToken);
        return BaselineTable.FromSettings(BaselineKind.Model, spec.Arch, spec.Weights is null ? null : Path.GetFileName(spec.Weights), results.Settings);
    }

    private static Report ReadBaseline(string path)
    {
        if (!File.Exists(path))
        {
            throw new InvalidInputException("baseline report not found (run a check and 'robustgate baseline accept' first, or drop the baseline)", path);
        }

        return ReportJsonReader.ReadFile(path);
    }

    public static ModelSpec ToModelSpec(ModelConfiguration model, long seed)
    {
        ArgumentNullException.ThrowIfNull(model);
        var filter = model.Preprocessing.Interpolation.ToLowerInvariant() switch
        {
            "nearest" => ResampleFilter.Nearest,
            "box" => ResampleFilter.Box,
            "bilinear" => ResampleFilter.Bilinear,
            "bicubic" => ResampleFilter.Bicubic,
            "lanczos" => ResampleFilter.Lanczos,
            var other => throw new ConfigurationException($"model.preprocessing.interpolation: expected nearest, box, bilinear, bicubic or lanczos, found '{other}'"),
        };
        return new ModelSpec
        {
            Arch = model.Arch,
            Weights = model.Weights,
            Classes = model.Classes,
            Mean = model.Mean?.Select(v => (float)v).ToArray(),
            Std = model.Std?.Select(v => (float)v).ToArray(),
            Channels = model.Mean?.Count ?? model.Std?.Count,
            InputSize = model.Preprocessing.CenterCrop ?? model.InputSize,
            ResizeTo = model.Preprocessing.Resize,
            Interpolation = filter,
            InitSeed = unchecked((ulong)seed),
        };
    }
}
