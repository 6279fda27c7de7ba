using System.Globalization;
using RobustGate.Engine.Imaging;

namespace RobustGate.Engine.Data;

/// <summary>
/// One (corruption, severity) of ImageNet-C as published: ROOT/&lt;corruption&gt;/&lt;severity&gt;/&lt;wnid&gt;/*.JPEG,
/// i.e. an ImageFolder per severity whose sorted wnids give torchvision's 1000-class indices.
/// </summary>
public sealed class ImageNetCDataset : DecodedImageDataset
{
    private ImageNetCDataset(string root, string corruption, int severity, (string[] Classes, string[] Paths, int[] Labels) scan, Func<string, Image> decoder, Func<Image, Image>? transform, ImageShape? shape)
        : base(root, scan.Classes, scan.Paths, scan.Labels, decoder, transform, shape)
    {
        Corruption = corruption;
        Severity = severity;
    }

    public string Corruption { get; }

    public int Severity { get; }

    public override string Name => $"imagenet-c/{Corruption}/{Severity}";

    public static ImageNetCDataset Open(string root, string corruption, int severity, Func<string, Image> decoder, Func<Image, Image>? transform = null, ImageShape? shape = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(root);
        ArgumentException.ThrowIfNullOrEmpty(corruption);
        if (severity is < 1 or > 5)
        {
            throw new ConfigurationException($"ImageNet-C severity must be 1..5, got {severity}.");
        }

        if (!Directory.Exists(root))
        {
            throw new InvalidInputException("ImageNet-C folder not found.", root);
        }

        string folder = Path.Combine(root, corruption, severity.ToString(CultureInfo.InvariantCulture));
        if (!Directory.Exists(folder))
        {
            var available = AvailableCorruptions(root);
            throw new InvalidInputException($"no folder for corruption '{corruption}' severity {severity} (corruptions found: {(available.Count == 0 ? "none" : string.Join(", ", available))}).", folder);
        }

        return new ImageNetCDataset(folder, corruption, severity, ImageFolderScan.Scan(folder, "ImageNet-C severity"), decoder, transform, shape);
    }

    /// <summary>Sub-folders of <paramref name="root"/> that hold at least one severity folder 1..5, sorted ordinally.</summary>
    public static IReadOnlyList<string> AvailableCorruptions(string root)
    {
        if (!Directory.Exists(root))
        {
            throw new InvalidInputException("ImageNet-C folder not found.", root);
        }

        return Directory.GetDirectories(root)
            .Where(d => Enumerable.Range(1, 5).Any(s => Directory.Exists(Path.Combine(d, s.ToString(CultureInfo.InvariantCulture)))))
            .Select(Path.GetFileName)
            .OfType<string>()
            .Order(StringComparer.Ordinal)
            .ToArray();
    }

    public override string Describe() =>
        $"{Name}: {Count} images{(Shape is { } s ? " " + s : string.Empty)}, {ClassCount} classes, from {Root}";
}
