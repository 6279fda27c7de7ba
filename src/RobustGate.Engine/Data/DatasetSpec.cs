using RobustGate.Engine.Text;
using System.Globalization;

namespace RobustGate.Engine.Data;

/// <summary>
/// A dataset named on a command line or in a config file: "KIND[:ARGS]" —
/// fashion-mnist[:DIR], mnist:DIR, cifar10:DIR, cifar100:DIR, cifar10-c:DIR, imagefolder:DIR,
/// imagenet-val:DIR[:LABELS], imagenet-c:DIR, synthetic[:N]. Parsing only checks the text
/// (<see cref="ConfigurationException"/>); opening checks the files (<see cref="InvalidInputException"/>).
/// Windows drive letters ("C:\data") are not taken for separators.
/// </summary>
public sealed record DatasetSpec(DatasetKind Kind, string? Directory, string? LabelsPath = null, int? Count = null)
{
    private static readonly (string Name, DatasetKind Kind)[] KindTable =
    [
        ("fashion-mnist", DatasetKind.FashionMnist),
        ("mnist", DatasetKind.Mnist),
        ("cifar10", DatasetKind.Cifar10),
        ("cifar100", DatasetKind.Cifar100),
        ("cifar10-c", DatasetKind.Cifar10C),
        ("imagefolder", DatasetKind.ImageFolder),
        ("imagenet-val", DatasetKind.ImageNetVal),
        ("imagenet-c", DatasetKind.ImageNetC),
        ("synthetic", DatasetKind.Synthetic),
    ];

    private static readonly Dictionary<string, DatasetKind> Aliases = new(StringComparer.OrdinalIgnoreCase)
    {
        ["fashion_mnist"] = DatasetKind.FashionMnist,
        ["fashionmnist"] = DatasetKind.FashionMnist,
        ["cifar-10"] = DatasetKind.Cifar10,
        ["cifar-100"] = DatasetKind.Cifar100,
        ["cifar10c"] = DatasetKind.Cifar10C,
        ["cifar-10-c"] = DatasetKind.Cifar10C,
        ["image-folder"] = DatasetKind.ImageFolder,
        ["imagenetc"] = DatasetKind.ImageNetC,
    };

    /// <summary>The canonical kind names, in documentation order.</summary>
    public static IReadOnlyList<string> KindNames { get; } = KindTable.Select(k => k.Name).ToArray();

    /// <summary>True for pre-corrupted sets, which open per (corruption, severity).</summary>
    public bool IsCorruptedSet => Kind is DatasetKind.Cifar10C or DatasetKind.ImageNetC;

    public static DatasetSpec Parse(string text)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            throw new ConfigurationException($"empty dataset spec; expected KIND[:ARGS] with KIND one of {string.Join(", ", KindNames)}.");
        }

        text = text.Trim();
        int colon = text.IndexOf(':', StringComparison.Ordinal);
        string kindText = colon < 0 ? text : text[..colon];
        string? rest = colon < 0 ? null : text[(colon + 1)..];
        var kind = ParseKind(kindText, text);
        switch (kind)
        {
            case DatasetKind.Synthetic:
                if (rest is null)
                {
                    return new DatasetSpec(kind, null);
                }

                if (!int.TryParse(rest, NumberStyles.None, CultureInfo.InvariantCulture, out int count) || count <= 0)
                {
                    throw new ConfigurationException($"dataset spec '{text}': synthetic:N needs a positive integer N, got '{rest}'.");
                }

                return new DatasetSpec(kind, null, Count: count);
            case DatasetKind.FashionMnist when string.IsNullOrEmpty(rest):
                return new DatasetSpec(kind, IdxDataset.DefaultFashionMnistDirectory);
            case DatasetKind.ImageNetVal:
                RequireDirectory(kind, rest, text);
                int split = LabelsSeparator(rest!);
                return split < 0
                    ? new DatasetSpec(kind, rest)
                    : new DatasetSpec(kind, rest![..split], RequireNonEmpty(rest[(split + 1)..], "LABELS", text));
            default:
                RequireDirectory(kind, rest, text);
                return new DatasetSpec(kind, rest);
        }
    }

    /// <summary>Opens a dataset that is not a pre-corrupted set.</summary>
    public IImageDataset Open(DatasetOpenOptions? options = null)
    {
        options ??= new DatasetOpenOptions();
        return Kind switch
        {
            DatasetKind.FashionMnist => IdxDataset.FashionMnist(Directory, options.Split),
            DatasetKind.Mnist => IdxDataset.Mnist(Directory!, options.Split),
            DatasetKind.Cifar10 => new Cifar10Dataset(Directory!, options.Split),
            DatasetKind.Cifar100 => new Cifar100Dataset(Directory!, options.Split),
            DatasetKind.Synthetic => new SyntheticDataset(Count ?? SyntheticDataset.DefaultCount, options.Seed + (options.Split == DatasetSplit.Train ? 1UL : 0UL)),
            DatasetKind.ImageFolder => new ImageFolderDataset(Directory!, RequireDecoder(options), options.Transform, options.Shape),
            DatasetKind.ImageNetVal => ImageNetValDataset.Open(Directory!, LabelsPath, RequireDecoder(options), options.Transform, options.Shape),
            _ => throw new ConfigurationException($"dataset '{this}' is a pre-corrupted set; open it per corruption and severity."),
        };
    }

    /// <summary>Opens one (corruption, severity) of a pre-corrupted set (cifar10-c, imagenet-c).</summary>
    public IImageDataset OpenCorrupted(string corruption, int severity, DatasetOpenOptions? options = null)
    {
        options ??= new DatasetOpenOptions();
        return Kind switch
        {
            DatasetKind.Cifar10C => new Cifar10CDataset(Directory!, corruption, severity),
            DatasetKind.ImageNetC => ImageNetCDataset.Open(Directory!, corruption, severity, RequireDecoder(options), options.Transform, options.Shape),
            _ => throw new ConfigurationException($"dataset '{this}' is not a pre-corrupted set; corruptions are applied on the fly."),
        };
    }

    /// <summary>The corruptions present on disk for a pre-corrupted set.</summary>
    public IReadOnlyList<string> AvailableCorruptions() => Kind switch
    {
        DatasetKind.Cifar10C => Cifar10CDataset.AvailableCorruptions(Directory!),
        DatasetKind.ImageNetC => ImageNetCDataset.AvailableCorruptions(Directory!),
        _ => [],
    };

    /// <summary>The spec in canonical form, parseable again.</summary>
    public override string ToString()
    {
        string name = KindTable.First(k => k.Kind == Kind).Name;
        return Kind switch
        {
            DatasetKind.Synthetic => Count is int n ? $"{name}:{n.ToString(CultureInfo.InvariantCulture)}" : name,
            DatasetKind.ImageNetVal when LabelsPath is not null => $"{name}:{Directory}:{LabelsPath}",
            _ => $"{name}:{Directory}",
        };
    }

    private static DatasetKind ParseKind(string kindText, string text)
    {
        foreach (var (name, kind) in KindTable)
        {
            if (string.Equals(name, kindText, StringComparison.OrdinalIgnoreCase))
            {
                return kind;
            }
        }

        if (Aliases.TryGetValue(kindText, out var alias))
        {
            return alias;
        }

        string hint = NameSuggestions.Hint(kindText, KindNames);
        throw new ConfigurationException($"unknown dataset kind '{kindText}' in '{text}'.{hint} Known kinds: {string.Join(", ", KindNames)}.");
    }

    private static void RequireDirectory(DatasetKind kind, string? rest, string text)
    {
        if (string.IsNullOrEmpty(rest))
        {
            string name = KindTable.First(k => k.Kind == kind).Name;
            throw new ConfigurationException($"dataset spec '{text}': {name} needs a folder, as {name}:DIR.");
        }
    }

    private static string RequireNonEmpty(string value, string what, string text) =>
        value.Length > 0 ? value : throw new ConfigurationException($"dataset spec '{text}': {what} is empty.");

    /// <summary>The first ':' that is not a drive letter's ("C:\" or "C:/"); -1 if none.</summary>
    private static int LabelsSeparator(string rest)
    {
        for (int p = 0; p < rest.Length; p++)
        {
            if (rest[p] != ':')
            {
                continue;
            }

            bool driveLetter = p >= 1 && char.IsAsciiLetter(rest[p - 1]) && (p == 1 || rest[p - 2] == ':')
                && p + 1 < rest.Length && rest[p + 1] is '\\' or '/';
            if (!driveLetter)
            {
                return p;
            }
        }

        return -1;
    }

    private static Func<string, Imaging.Image> RequireDecoder(DatasetOpenOptions options) =>
        options.Decoder ?? throw new ConfigurationException("this dataset holds encoded images, but no image decoder was supplied.");
}
