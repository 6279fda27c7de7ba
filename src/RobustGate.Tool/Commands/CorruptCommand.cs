using System.CommandLine;
using System.Globalization;
using RobustGate.Engine;
using RobustGate.Engine.Corruptions;
using RobustGate.Engine.Data;
using RobustGate.Engine.Evaluation;
using RobustGate.Engine.Imaging;
using RobustGate.Engine.IO;
using RobustGate.Engine.Kernels;
using RobustGate.Engine.Randomness;

namespace RobustGate.Tool.Commands;

/// <summary>
/// <c>robustgate corrupt</c>: corrupt one image, or materialise a corrupted copy of a dataset in the
/// ImageNet-C folder layout or the CIFAR-10-C .npy layout. Seeds follow the evaluation's scheme, so a
/// materialised set holds exactly the images an on-the-fly check with the same seed sees.
/// </summary>
internal static class CorruptCommand
{
    /// <summary>JPEG quality of materialised ImageNet-C files (the published generator saves at 85).</summary>
    private const int ImageNetCQuality = 85;

    public static Command Create(ToolConsole console)
    {
        var corruption = new Option<string?>("--corruption") { Description = "Corruption name (see 'robustgate corruptions')." };
        var severity = new Option<int>("--severity") { Description = "Severity 1..5.", DefaultValueFactory = _ => 3 };
        var seed = new Option<long>("--seed") { Description = "Seed (single image: the numpy seed; datasets: the base seed of the per-image scheme).", DefaultValueFactory = _ => 0 };
        var profile = new Option<string?>("--profile") { Description = "imagecorruptions, cifar or imagenet-c (default: by image size)." };
        var frost = new Option<DirectoryInfo?>("--frost-dir") { Description = "Folder of frost textures (default: a procedural texture)." };
        var input = new Option<FileInfo?>("--input") { Description = "Image to corrupt (PNG or JPEG)." };
        var output = new Option<FileInfo?>("--output") { Description = "Where to write the corrupted image (.png or .jpg)." };
        var dataset = new Option<string?>("--dataset") { Description = "Dataset to materialise, e.g. fashion-mnist or cifar10:DIR." };
        var outDir = new Option<DirectoryInfo?>("--out") { Description = "Output folder for --dataset." };
        var format = new Option<string>("--format") { Description = "imagenet-c (corruption/severity/class/N.JPEG) or cifar-c (corruption.npy + labels.npy).", DefaultValueFactory = _ => "imagenet-c" };
        var corruptions = new Option<string>("--corruptions") { Description = "For --dataset: benchmark, all, or a comma-separated list.", DefaultValueFactory = _ => "benchmark" };
        var limit = new Option<int?>("--limit") { Description = "For --dataset: a seeded, class-stratified subset of this many images." };
        var command = new Command("corrupt", "Corrupt an image, or write a corrupted dataset in the ImageNet-C or CIFAR-10-C layout.")
        {
            corruption, severity, seed, profile, frost, input, output, dataset, outDir, format, corruptions, limit,
        };
        command.SetAction(parse =>
        {
            var frostDir = parse.GetValue(frost)?.FullName;
            if (parse.GetValue(dataset) is { } datasetSpec)
            {
                var target = parse.GetValue(outDir)?.FullName ?? throw new ConfigurationException("--out: required with --dataset");
                return Materialise(console, datasetSpec, target, parse.GetValue(format)!, parse.GetValue(corruptions)!, parse.GetValue(profile), frostDir, parse.GetValue(limit), parse.GetValue(seed));
            }

            var name = parse.GetValue(corruption) ?? throw new ConfigurationException("--corruption: required (or use --dataset)");
            var inPath = parse.GetValue(input)?.FullName ?? throw new ConfigurationException("--input: required (or use --dataset)");
            var outPath = parse.GetValue(output)?.FullName ?? throw new ConfigurationException("--output: required");
            var level = parse.GetValue(severity);
            if (level is < 1 or > 5)
            {
                throw new ConfigurationException($"--severity: expected 1..5, found {level}");
            }

            var image = ImageFile.Load(inPath);
            var resolved = CheckRunner.ResolveProfile(parse.GetValue(profile), new ModelInputSpec(3, image.Height, image.Width));
            var registry = new CorruptionRegistry(new CorruptionOptions { Profile = resolved, FrostDirectory = frostDir });
            var corrupted = registry.Get(name).Apply(image, level, new NumpyRandom(unchecked((uint)parse.GetValue(seed))));
            ImageFile.Save(outPath, corrupted);
            console.WriteLine($"wrote {outPath} ({name}, severity {level}, profile {CheckRunner.ProfileName(resolved)})");
            return 0;
        });
        return command;
    }

    private static int Materialise(ToolConsole console, string spec, string target, string format, string selection, string? profileName, string? frostDir, int? limit, long seed)
    {
        var data = DatasetSpec.Parse(spec).Open(new DatasetOpenOptions { Split = DatasetSplit.Test, Seed = (ulong)seed, Decoder = path => ImageFile.Load(path) });
        var indices = limit is { } n ? DatasetSubset.Stratified(data.Labels, n, unchecked((int)seed)) : Enumerable.Range(0, data.Count).ToArray();
        var first = data.Get(indices[0]).Image;
        var profile = CheckRunner.ResolveProfile(profileName, new ModelInputSpec(3, first.Height, first.Width));
        var registry = new CorruptionRegistry(new CorruptionOptions { Profile = profile, FrostDirectory = frostDir });
        var names = selection.ToLowerInvariant() switch
        {
            "benchmark" => CorruptionRegistry.Benchmark15,
            "all" => [.. CorruptionRegistry.Benchmark15, .. CorruptionRegistry.Extra4],
            _ => selection.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries),
        };
        var corruptions = names.Select(registry.Get).ToList();
        var cifar = format.ToLowerInvariant() switch
        {
            "imagenet-c" => false,
            "cifar-c" => true,
            _ => throw new ConfigurationException($"--format: expected imagenet-c or cifar-c, found '{format}'"),
        };
        if (cifar && (first.Width != 32 || first.Height != 32))
        {
            throw new ConfigurationException($"--format cifar-c needs 32x32 images; {data.Name} has {first.Width}x{first.Height}");
        }

        Directory.CreateDirectory(target);
        var total = (long)corruptions.Count * 5 * indices.Length;
        long done = 0;
        foreach (var c in corruptions)
        {
            var block = cifar ? new byte[(long)5 * indices.Length * 32 * 32 * 3] : null;
            for (var s = 1; s <= 5; s++)
            {
                var setting = EvaluationSetting.ForCorruption(c, s);
                ParallelLoop.For(indices.Length, i =>
                {
                    var index = indices[i];
                    var (image, label) = data.Get(index);
                    var corrupted = setting.Apply(image, index, (ulong)seed);
                    if (block is not null)
                    {
                        corrupted.Pixels.CopyTo(block, (((long)(s - 1) * indices.Length) + i) * 32 * 32 * 3);
                    }
                    else
                    {
                        var folder = Path.Combine(target, c.Name, s.ToString(CultureInfo.InvariantCulture), data.ClassNames[label]);
                        Directory.CreateDirectory(folder);
                        ImageFile.Save(Path.Combine(folder, index.ToString("D8", CultureInfo.InvariantCulture) + ".JPEG"), corrupted, ImageNetCQuality);
                    }
                });
                done += indices.Length;
                console.Progress($"{c.Name} s{s}", done, total);
            }

            if (block is not null)
            {
                NpyFile.Write(Path.Combine(target, c.Name + ".npy"), block, [5 * indices.Length, 32, 32, 3]);
            }
        }

        if (cifar)
        {
            var labels = new byte[5 * indices.Length];
            for (var s = 0; s < 5; s++)
            {
                for (var i = 0; i < indices.Length; i++)
                {
                    labels[(s * indices.Length) + i] = (byte)data.Labels[indices[i]];
                }
            }

            NpyFile.Write(Path.Combine(target, "labels.npy"), labels, [labels.Length]);
        }

        console.EndProgressLine();
        console.WriteLine($"wrote {corruptions.Count} corruptions x 5 severities x {indices.Length} images to {target} ({format})");
        return 0;
    }
}
