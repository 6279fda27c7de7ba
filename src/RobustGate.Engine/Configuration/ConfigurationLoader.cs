using System.Globalization;
using System.Text.Json;
using RobustGate.Engine.Gating;
using RobustGate.Engine.Metrics;
using RobustGate.Engine.Reporting;
using RobustGate.Engine.Tensors;

namespace RobustGate.Engine.Configuration;

/// <summary>
/// Loads <c>robustgate.json</c> (schema: schemas/robustgate.schema.json). Comments and trailing
/// commas are allowed; unknown keys, wrong types and out-of-range values are
/// <see cref="ConfigurationException"/>s naming the file and the JSON path, with "did you mean"
/// for misspelt keys and names. Relative paths are resolved against the config file's folder.
/// </summary>
public static class ConfigurationLoader
{
    public const string FileName = "robustgate.json";

    /// <summary>Corruption names accepted in <c>suites.corruptions.names</c>: ImageNet-C's 19 and ImageNet-NOC's 8.</summary>
    public static IReadOnlyList<string> KnownCorruptionNames { get; } =
        [.. new Corruptions.CorruptionRegistry().Names];

    /// <summary>Values of <c>model.preprocessing.interpolation</c> (the resampling filters of the imaging layer).</summary>
    public static IReadOnlyList<string> Interpolations { get; } = ["nearest", "box", "bilinear", "bicubic", "lanczos"];

    /// <summary>Values of <c>suites.corruptions.profile</c>: auto picks by input size; the rest are the corruption engine's profiles and their aliases.</summary>
    public static IReadOnlyList<string> CorruptionProfiles { get; } = ["auto", "imagecorruptions", "cifar", "cifar10-c", "cifar-c", "imagenet-c", "imagenetc"];

    /// <summary>Values of <c>suites.noise[].family</c>.</summary>
    public static IReadOnlyList<string> NoiseFamilies { get; } = ["gaussian", "speckle", "uniform", "salt-and-pepper", "salt_and_pepper"];

    private static readonly JsonDocumentOptions DocumentOptions = new()
    {
        CommentHandling = JsonCommentHandling.Skip,
        AllowTrailingCommas = true,
    };

    public static RobustGateConfiguration Load(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        string json;
        try
        {
            json = File.ReadAllText(path);
        }
        catch (FileNotFoundException e)
        {
            throw new ConfigurationException("the configuration file does not exist", path, e);
        }
        catch (DirectoryNotFoundException e)
        {
            throw new ConfigurationException("the configuration file's folder does not exist", path, e);
        }
        catch (IOException e)
        {
            throw new ConfigurationException($"cannot read the configuration: {e.Message}", path, e);
        }

        var folder = Path.GetDirectoryName(Path.GetFullPath(path))!;
        return Parse(json, path, folder);
    }

    /// <summary>Parses configuration text; <paramref name="file"/> names it in errors, relative paths resolve against <paramref name="baseDirectory"/>.</summary>
    public static RobustGateConfiguration Parse(string json, string file, string baseDirectory)
    {
        ArgumentNullException.ThrowIfNull(json);
        ArgumentNullException.ThrowIfNull(baseDirectory);
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(json, DocumentOptions);
        }
        catch (JsonException e)
        {
            throw new ConfigurationException($"not valid JSON (line {e.LineNumber + 1}, position {e.BytePositionInLine + 1}): {e.Message}", file, e);
        }

        using (document)
        {
            var root = new ConfigNode(document.RootElement, "$", file).Object(ConfigShape.Root);
            var defaults = RobustGateConfiguration.Default(baseDirectory);
            root.Get("$schema")?.String();
            var model = root.Get("model") is ConfigNode m ? ReadModel(m, baseDirectory) : null;
            var data = root.Get("data")?.NonEmptyString();
            var suites = root.Get("suites") is ConfigNode s ? ReadSuites(s, baseDirectory) : SuitesConfiguration.Default;
            var baseline = root.Get("baseline") is ConfigNode b ? ReadBaseline(b, baseDirectory) : null;
            var gate = root.Get("gate") is ConfigNode g ? ReadGate(g) : GateConfiguration.Default;
            int? limit = root.Get("limit")?.Int(1);
            var batchSize = root.Get("batch_size")?.Int(1) ?? defaults.BatchSize;
            var seed = root.Get("seed")?.Long() ?? defaults.Seed;
            var reportDir = root.Get("report_dir") is ConfigNode r ? Resolve(r.NonEmptyString(), baseDirectory) : defaults.ReportDir;
            var formats = root.Get("formats") is ConfigNode f ? ReadFormats(f) : defaults.Formats;
            var shard = root.Get("shard") is ConfigNode sh ? ReadShard(sh) : null;
            var device = root.Get("device") is ConfigNode d ? ReadDevice(d) : null;
            root.Complete();
            return new RobustGateConfiguration(file, baseDirectory, model, data, suites, baseline, gate, limit, batchSize, seed, reportDir, formats, shard, device);
        }
    }

    private static DeviceRequest ReadDevice(ConfigNode node)
        => DeviceRequest.TryParse(node.NonEmptyString(), out var request, out var problem) ? request! : throw node.Error(problem!);

    private static ModelConfiguration ReadModel(ConfigNode node, string baseDirectory)
    {
        var o = node.Object(ConfigShape.Model);
        var arch = o.Required("arch", "the architecture name, e.g. \"resnet18\"").NonEmptyString();
        var weights = o.Get("weights") is ConfigNode w ? Resolve(w.NonEmptyString(), baseDirectory) : null;
        int? classes = o.Get("classes")?.Int(2);
        var mean = o.Get("mean") is ConfigNode mn ? ReadChannelValues(mn) : null;
        var std = o.Get("std") is ConfigNode sd ? ReadChannelValues(sd) : null;
        if (std is not null && std.Any(v => v <= 0))
        {
            throw o.Get("std")!.Value.Error("expected positive standard deviations");
        }

        if (mean is not null && std is not null && mean.Count != std.Count)
        {
            throw o.Get("std")!.Value.Error($"expected {mean.Count} values (one per channel, as in mean), found {std.Count}");
        }

        int? inputSize = o.Get("input_size")?.Int(1);
        var preprocessing = PreprocessingConfiguration.Default;
        if (o.Get("preprocessing") is ConfigNode p)
        {
            var po = p.Object(ConfigShape.Preprocessing);
            preprocessing = new PreprocessingConfiguration(
                po.Get("resize")?.Int(1),
                po.Get("center_crop")?.Int(1),
                po.Get("interpolation")?.Enum([.. Interpolations]) ?? PreprocessingConfiguration.Default.Interpolation);
            po.Complete();
        }

        o.Complete();
        return new ModelConfiguration(arch, weights, classes, mean, std, inputSize, preprocessing);
    }

    private static List<double> ReadChannelValues(ConfigNode node)
    {
        var values = node.Items().Select(i => i.Number()).ToList();
        return values.Count is 1 or 3 or 4 ? values : throw node.Error($"expected 1, 3 or 4 values (one per channel), found {values.Count}");
    }

    private static SuitesConfiguration ReadSuites(ConfigNode node, string baseDirectory)
    {
        var o = node.Object(ConfigShape.Suites);
        var corruptions = o.Get("corruptions") is ConfigNode c ? ReadCorruptions(c, baseDirectory) : null;
        var noise = o.Get("noise") is ConfigNode n
            ? n.Items().Select(item =>
            {
                var no = item.Object(ConfigShape.Noise);
                var family = no.Required("family", "a noise family, e.g. \"gaussian\"").Enum([.. NoiseFamilies]);
                var levelsNode = no.Required("levels", "a list of noise levels");
                var levels = levelsNode.Items().Select(l => l.Number(0, double.MaxValue)).ToList();
                if (levels.Count == 0)
                {
                    throw levelsNode.Error("expected at least one level");
                }

                no.Complete();
                return new NoiseSuiteConfiguration(family, levels);
            }).ToList()
            : [];
        var attacks = o.Get("attacks") is ConfigNode a ? a.Items().Select(ReadAttack).ToList() : [];
        o.Complete();
        return new SuitesConfiguration(corruptions, noise, attacks);
    }

    private static CorruptionSuiteConfiguration ReadCorruptions(ConfigNode node, string baseDirectory)
    {
        var o = node.Object(ConfigShape.Corruptions);
        var selection = CorruptionSuiteConfiguration.Default.Selection;
        IReadOnlyList<string> names = [];
        if (o.Get("names") is ConfigNode namesNode)
        {
            if (namesNode.Element.ValueKind == JsonValueKind.String)
            {
                selection = namesNode.Enum("benchmark", "all", "extra", "noc", "none");
            }
            else if (namesNode.Element.ValueKind == JsonValueKind.Array)
            {
                selection = null;
                names = namesNode.Items().Select(i => i.Enum([.. KnownCorruptionNames])).ToList();
                if (names.Count == 0)
                {
                    throw namesNode.Error("expected at least one corruption name");
                }
            }
            else
            {
                throw namesNode.Error($"expected a string (\"benchmark\", \"all\", \"extra\", \"noc\", \"none\") or an array of corruption names, found {ConfigNode.KindName(namesNode.Element.ValueKind)}");
            }
        }

        var severities = CorruptionSuiteConfiguration.Default.Severities;
        if (o.Get("severities") is ConfigNode sev)
        {
            severities = sev.Items().Select(i => i.Int(1, 5)).ToList();
            if (severities.Count == 0 || severities.Distinct().Count() != severities.Count)
            {
                throw sev.Error("expected distinct severities from 1 to 5");
            }
        }

        var profile = o.Get("profile")?.Enum([.. CorruptionProfiles]);
        var frost = o.Get("frost_dir") is ConfigNode fd ? Resolve(fd.NonEmptyString(), baseDirectory) : null;
        o.Complete();
        return new CorruptionSuiteConfiguration(selection, names, severities, profile, frost);
    }

    private static AttackSuiteConfiguration ReadAttack(ConfigNode node)
    {
        var o = node.Object(ConfigShape.Attack);
        var name = o.Required("name", "an attack name, e.g. \"pgd\"").NonEmptyString();
        var eps = ReadEps(o.Required("eps", "the perturbation budget, e.g. 0.03137 or \"8/255\""));
        var steps = o.Get("steps")?.Int(1) ?? 10;
        double? alpha = o.Get("alpha") is ConfigNode al ? ReadEps(al) : null;
        var restarts = o.Get("restarts")?.Int(1) ?? 1;
        var norm = o.Get("norm")?.Enum("linf", "l2", "l1") ?? "linf";
        o.Complete();
        return new AttackSuiteConfiguration(name, eps, steps, alpha, restarts, norm);
    }

    /// <summary>A non-negative number, or a string "a/b" such as "8/255".</summary>
    private static double ReadEps(ConfigNode node)
    {
        if (node.Element.ValueKind == JsonValueKind.String)
        {
            var text = node.String();
            var parts = text.Split('/');
            if (parts.Length == 2
                && double.TryParse(parts[0], NumberStyles.Float, CultureInfo.InvariantCulture, out var num)
                && double.TryParse(parts[1], NumberStyles.Float, CultureInfo.InvariantCulture, out var den)
                && den > 0 && num >= 0)
            {
                return num / den;
            }

            throw node.Error($"expected a number or a fraction such as \"8/255\", found \"{text}\"");
        }

        if (node.Element.ValueKind != JsonValueKind.Number)
        {
            throw node.Error($"expected a number or a fraction such as \"8/255\", found {ConfigNode.KindName(node.Element.ValueKind)}");
        }

        return node.Number(0, double.MaxValue);
    }

    private static BaselineConfiguration ReadBaseline(ConfigNode node, string baseDirectory)
    {
        if (node.Element.ValueKind == JsonValueKind.String)
        {
            var text = node.NonEmptyString();
            return string.Equals(text, "alexnet", StringComparison.OrdinalIgnoreCase)
                ? new BaselineConfiguration(BaselineSourceKind.AlexNet, null, null)
                : new BaselineConfiguration(BaselineSourceKind.Report, Resolve(text, baseDirectory), null);
        }

        if (node.Element.ValueKind != JsonValueKind.Object)
        {
            throw node.Error($"expected \"alexnet\", a report path or an object {{ \"model\": ... }}, found {ConfigNode.KindName(node.Element.ValueKind)}");
        }

        var o = node.Object(ConfigShape.Baseline);
        var model = ReadModel(o.Required("model", "the baseline model"), baseDirectory);
        o.Complete();
        return new BaselineConfiguration(BaselineSourceKind.Model, null, model);
    }

    private static GateConfiguration ReadGate(ConfigNode node)
    {
        var o = node.Object(ConfigShape.Gate);
        var rules = new List<GateRule>();
        if (o.Get("rules") is ConfigNode rulesNode)
        {
            foreach (var item in rulesNode.Items())
            {
                rules.Add(GateRule.Parse(item.String(), item.File, item.Path));
            }
        }

        var significance = GatePolicy.DefaultSignificance;
        if (o.Get("significance") is ConfigNode sig)
        {
            significance = sig.Number();
            if (!(significance > 0 && significance < 1))
            {
                throw sig.Error($"expected a level in (0, 1) such as 0.05, found {sig.Element.GetRawText()}");
            }
        }

        o.Complete();
        return new GateConfiguration(rules, significance);
    }

    private static List<string> ReadFormats(ConfigNode node)
    {
        var formats = node.Items().Select(i => i.Enum([.. ReportExporters.FormatNames])).ToList();
        return formats.Distinct(StringComparer.Ordinal).Count() == formats.Count ? formats : throw node.Error("expected each format once");
    }

    private static ShardSpec ReadShard(ConfigNode node)
    {
        var text = node.String();
        try
        {
            return ShardSpec.Parse(text);
        }
        catch (ConfigurationException)
        {
            throw node.Error($"expected \"k/N\" with 1 <= k <= N (e.g. \"2/8\"), found \"{text}\"");
        }
    }

    private static string Resolve(string path, string baseDirectory) =>
        Path.GetFullPath(Path.IsPathRooted(path) ? path : Path.Combine(baseDirectory, path));
}
