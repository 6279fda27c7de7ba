using System.Globalization;
using RobustGate.Engine.Imaging;

namespace RobustGate.Engine.Data;

/// <summary>
/// The ImageNet validation set as a flat folder of images plus a labels file. Two label formats:
/// <list type="bullet">
/// <item>"FILE LABEL" per line (Caffe's val.txt), LABEL a 0-based class index or a wnid;</item>
/// <item>Kaggle's LOC_val_solution.csv ("ImageId,PredictionString", the wnid first in the string;
/// the image is ImageId + ".JPEG").</item>
/// </list>
/// With wnids, class indices follow the wnids sorted ordinally — torchvision's order when all 1000
/// classes appear. Samples are ordered by file name. Without a labels file, DIR/val.txt or
/// DIR/LOC_val_solution.csv (or the latter beside DIR) is used.
/// </summary>
public sealed class ImageNetValDataset : DecodedImageDataset
{
    public static readonly IReadOnlyList<string> DefaultLabelFiles = ["val.txt", "LOC_val_solution.csv"];

    private ImageNetValDataset(string root, string labelsPath, (string[] Classes, string[] Paths, int[] Labels) parsed, Func<string, Image> decoder, Func<Image, Image>? transform, ImageShape? shape)
        : base(root, parsed.Classes, parsed.Paths, parsed.Labels, decoder, transform, shape)
    {
        LabelsPath = labelsPath;
    }

    public string LabelsPath { get; }

    public override string Name => "imagenet-val";

    public static ImageNetValDataset Open(string directory, string? labelsPath, Func<string, Image> decoder, Func<Image, Image>? transform = null, ImageShape? shape = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(directory);
        if (!Directory.Exists(directory))
        {
            throw new InvalidInputException("ImageNet validation folder not found.", directory);
        }

        labelsPath ??= FindLabels(directory);
        if (!File.Exists(labelsPath))
        {
            throw new InvalidInputException("ImageNet validation labels file not found.", labelsPath);
        }

        return new ImageNetValDataset(directory, labelsPath, Parse(directory, labelsPath), decoder, transform, shape);
    }

    public override string Describe() =>
        $"{Name}: {Count} images{(Shape is { } s ? " " + s : string.Empty)}, {ClassCount} classes, from {Root} with labels {LabelsPath}";

    private static string FindLabels(string directory)
    {
        string[] candidates =
        [
            .. DefaultLabelFiles.Select(name => Path.Combine(directory, name)),
            Path.Combine(Path.GetDirectoryName(Path.TrimEndingDirectorySeparator(Path.GetFullPath(directory))) ?? directory, "LOC_val_solution.csv"),
        ];
        return candidates.FirstOrDefault(File.Exists)
            ?? throw new InvalidInputException($"no labels file given and none found (looked for {string.Join(", ", candidates)}); use imagenet-val:DIR:LABELS.", directory);
    }

    private static (string[] Classes, string[] Paths, int[] Labels) Parse(string directory, string labelsPath)
    {
        string[] lines;
        try
        {
            lines = File.ReadAllLines(labelsPath);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new InvalidInputException($"cannot read labels: {e.Message}", labelsPath, e);
        }

        bool csv = lines.Length > 0 && lines[0].StartsWith("ImageId,", StringComparison.Ordinal);
        var entries = new List<(string File, string Label, int Line)>();
        for (int i = csv ? 1 : 0; i < lines.Length; i++)
        {
            string line = lines[i].Trim();
            if (line.Length == 0)
            {
                continue;
            }

            string[] fields = csv ? line.Split(',', 2) : line.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries);
            string label = fields.Length == 2 ? fields[1].Trim().Split(' ', 2)[0] : string.Empty;
            if (fields.Length != 2 || label.Length == 0)
            {
                throw new InvalidInputException($"line {i + 1}: expected {(csv ? "'ImageId,wnid ...'" : "'FILE LABEL'")}, found '{line}'.", labelsPath);
            }

            entries.Add((csv ? fields[0] + ".JPEG" : fields[0], label, i + 1));
        }

        if (entries.Count == 0)
        {
            throw new InvalidInputException("labels file lists no images.", labelsPath);
        }

        entries.Sort((a, b) => string.CompareOrdinal(a.File, b.File));
        bool numeric = entries.All(e => int.TryParse(e.Label, NumberStyles.None, CultureInfo.InvariantCulture, out _));
        string[] classes;
        Dictionary<string, int>? byWnid = null;
        if (numeric)
        {
            int max = entries.Max(e => int.Parse(e.Label, NumberStyles.None, CultureInfo.InvariantCulture));
            classes = Enumerable.Range(0, max + 1).Select(c => c.ToString(CultureInfo.InvariantCulture)).ToArray();
        }
        else
        {
            classes = entries.Select(e => e.Label).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToArray();
            byWnid = classes.Select((w, i) => (w, i)).ToDictionary(p => p.w, p => p.i, StringComparer.Ordinal);
        }

        var paths = new string[entries.Count];
        var labels = new int[entries.Count];
        for (int i = 0; i < entries.Count; i++)
        {
            var (file, label, line) = entries[i];
            if (i > 0 && entries[i - 1].File == file)
            {
                throw new InvalidInputException($"line {line}: image '{file}' is listed twice.", labelsPath);
            }

            paths[i] = Path.Combine(directory, file);
            if (!File.Exists(paths[i]))
            {
                throw new InvalidInputException($"image listed on line {line} of {labelsPath} not found.", paths[i]);
            }

            labels[i] = byWnid is null ? int.Parse(label, NumberStyles.None, CultureInfo.InvariantCulture) : byWnid[label];
        }

        return (classes, paths, labels);
    }
}
