using RobustGate.Engine.Imaging;
using RobustGate.Engine.IO;

namespace RobustGate.Engine.Data;

/// <summary>
/// MNIST or Fashion-MNIST from a folder of IDX files (<c>train-images-idx3-ubyte</c>,
/// <c>train-labels-idx1-ubyte</c>, <c>t10k-…</c>), each raw or gzip (<c>.gz</c>); also the
/// <c>train-images.idx3-ubyte</c> spelling some mirrors use. Loaded into memory whole
/// (47 MB for the training images). The content hash is SHA-256 over the image file's bytes
/// followed by the label file's, as they are on disk.
/// </summary>
public sealed class IdxDataset : ImageDatasetBase
{
    /// <summary>Debian's dataset-fashion-mnist package installs here.</summary>
    public const string DefaultFashionMnistDirectory = "/usr/share/datasets/fashion-mnist";

    public static readonly IReadOnlyList<string> FashionMnistClasses =
        ["T-shirt/top", "Trouser", "Pullover", "Dress", "Coat", "Sandal", "Shirt", "Sneaker", "Bag", "Ankle boot"];

    public static readonly IReadOnlyList<string> MnistClasses = ["0", "1", "2", "3", "4", "5", "6", "7", "8", "9"];

    private readonly byte[] _pixels;
    private readonly int[] _labels;
    private readonly string _imagePath;
    private readonly string _labelPath;
    private readonly string _family;
    private readonly DatasetSplit _split;

    private IdxDataset(string family, DatasetSplit split, IReadOnlyList<string> classes, string imagePath, string labelPath)
    {
        _family = family;
        _split = split;
        ClassNames = classes;
        _imagePath = imagePath;
        _labelPath = labelPath;
        var images = IdxFile.ReadImages(imagePath);
        var labels = IdxFile.ReadLabels(labelPath);
        if (images.Shape[0] != labels.Shape[0])
        {
            throw new InvalidInputException($"holds {labels.Shape[0]} labels but {imagePath} holds {images.Shape[0]} images.", labelPath);
        }

        _labels = new int[labels.Data.Length];
        for (int i = 0; i < _labels.Length; i++)
        {
            _labels[i] = labels.Data[i];
            if (_labels[i] >= classes.Count)
            {
                throw new InvalidInputException($"label {i} is {_labels[i]}; {family} has classes 0..{classes.Count - 1}.", labelPath);
            }
        }

        _pixels = images.Data;
        Shape = new ImageShape(1, images.Shape[1], images.Shape[2]);
    }

    public override string Name => $"{_family}/{(_split == DatasetSplit.Train ? "train" : "test")}";

    public override IReadOnlyList<string> ClassNames { get; }

    public override IReadOnlyList<int> Labels => _labels;

    public override ImageShape? Shape { get; }

    public static IdxDataset FashionMnist(string? directory = null, DatasetSplit split = DatasetSplit.Test) =>
        Open("fashion-mnist", directory ?? DefaultFashionMnistDirectory, split, FashionMnistClasses);

    public static IdxDataset Mnist(string directory, DatasetSplit split = DatasetSplit.Test) =>
        Open("mnist", directory, split, MnistClasses);

    /// <summary>Opens an IDX dataset of unsigned-byte images with the given class names.</summary>
    public static IdxDataset Open(string family, string directory, DatasetSplit split, IReadOnlyList<string> classes)
    {
        ArgumentException.ThrowIfNullOrEmpty(directory);
        ArgumentNullException.ThrowIfNull(classes);
        if (!Directory.Exists(directory))
        {
            throw new InvalidInputException($"{family} folder not found.", directory);
        }

        string prefix = split == DatasetSplit.Train ? "train" : "t10k";
        string images = FindFile(directory, prefix, "images", 3);
        string labels = FindFile(directory, prefix, "labels", 1);
        return new IdxDataset(family, split, classes, images, labels);
    }

    public override void FillBatch(ReadOnlySpan<int> indices, ImageShape shape, Span<float> destination, Span<int> labels)
    {
        CheckBatch(indices, shape, destination, labels);
        if (shape != Shape)
        {
            throw new ArgumentException($"{Name} images are {Shape}, not {shape}.", nameof(shape));
        }

        int size = shape.ElementCount;
        for (int i = 0; i < indices.Length; i++)
        {
            BatchConversion.PlanarToUnit(_pixels.AsSpan(indices[i] * size, size), destination.Slice(i * size, size));
            labels[i] = _labels[indices[i]];
        }
    }

    public override string Describe() =>
        $"{Name}: {Count} images {Shape}, {ClassCount} classes, from {_imagePath} and {_labelPath}";

    protected override Image LoadImage(int index)
    {
        var shape = Shape!.Value;
        int size = shape.ElementCount;
        return new Image(shape.Width, shape.Height, 1, _pixels.AsSpan(index * size, size).ToArray());
    }

    protected override byte[] ComputeContentHash() => HashFiles([_imagePath, _labelPath]);

    private static string FindFile(string directory, string prefix, string kind, int rank)
    {
        string[] candidates =
        [
            $"{prefix}-{kind}-idx{rank}-ubyte",
            $"{prefix}-{kind}-idx{rank}-ubyte.gz",
            $"{prefix}-{kind}.idx{rank}-ubyte",
            $"{prefix}-{kind}.idx{rank}-ubyte.gz",
        ];
        foreach (string name in candidates)
        {
            string path = Path.Combine(directory, name);
            if (File.Exists(path))
            {
                return path;
            }
        }

        throw new InvalidInputException($"no {prefix} {kind} file found; expected one of {string.Join(", ", candidates)}.", directory);
    }
}
