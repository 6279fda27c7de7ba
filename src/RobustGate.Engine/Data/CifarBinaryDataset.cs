using RobustGate.Engine.Imaging;

namespace RobustGate.Engine.Data;

/// <summary>
/// The binary version of CIFAR: fixed-size records of label byte(s) followed by a 32x32 image
/// stored as three planes (R, G, B; 1024 bytes each). Pixels are kept planar, as in the file,
/// so batches are filled with one contiguous conversion per image. The content hash is SHA-256
/// over the batch files' bytes in reading order.
/// </summary>
public abstract class CifarBinaryDataset : ImageDatasetBase
{
    public const int Side = 32;
    public const int ImageBytes = 3 * Side * Side;

    private readonly byte[] _pixels;
    private readonly int[] _labels;
    private readonly string[] _files;
    private readonly string _family;
    private readonly DatasetSplit _split;

    private protected CifarBinaryDataset(string family, DatasetSplit split, IReadOnlyList<string> classes, string[] files, int labelBytes, int labelIndex)
    {
        _family = family;
        _split = split;
        _files = files;
        ClassNames = classes;
        int record = labelBytes + ImageBytes;
        var contents = new byte[files.Length][];
        long total = 0;
        for (int f = 0; f < files.Length; f++)
        {
            contents[f] = ReadFile(files[f]);
            if (contents[f].Length == 0 || contents[f].Length % record != 0)
            {
                throw new InvalidInputException($"size {contents[f].Length} is not a positive multiple of the {record}-byte {family} record ({labelBytes} label byte(s) + {ImageBytes} pixels); is this the binary version?", files[f]);
            }

            total += contents[f].Length / record;
        }

        _labels = new int[total];
        _pixels = GC.AllocateUninitializedArray<byte>(checked((int)(total * ImageBytes)));
        int n = 0;
        for (int f = 0; f < files.Length; f++)
        {
            var bytes = contents[f];
            for (int offset = 0; offset < bytes.Length; offset += record, n++)
            {
                int label = bytes[offset + labelIndex];
                if (label >= classes.Count)
                {
                    throw new InvalidInputException($"record {offset / record} has label {label}; {family} has classes 0..{classes.Count - 1}.", files[f]);
                }

                _labels[n] = label;
                bytes.AsSpan(offset + labelBytes, ImageBytes).CopyTo(_pixels.AsSpan(n * ImageBytes));
            }
        }
    }

    public override string Name => $"{_family}/{(_split == DatasetSplit.Train ? "train" : "test")}";

    public override IReadOnlyList<string> ClassNames { get; }

    public override IReadOnlyList<int> Labels => _labels;

    public override ImageShape? Shape => new ImageShape(3, Side, Side);

    public override void FillBatch(ReadOnlySpan<int> indices, ImageShape shape, Span<float> destination, Span<int> labels)
    {
        CheckBatch(indices, shape, destination, labels);
        if (shape != Shape)
        {
            throw new ArgumentException($"{Name} images are {Shape}, not {shape}.", nameof(shape));
        }

        for (int i = 0; i < indices.Length; i++)
        {
            BatchConversion.PlanarToUnit(_pixels.AsSpan(indices[i] * ImageBytes, ImageBytes), destination.Slice(i * ImageBytes, ImageBytes));
            labels[i] = _labels[indices[i]];
        }
    }

    public override string Describe() =>
        $"{Name}: {Count} images {Shape}, {ClassCount} classes, from {string.Join(", ", _files)}";

    protected override Image LoadImage(int index)
    {
        var image = new Image(Side, Side, 3);
        var planes = _pixels.AsSpan(index * ImageBytes, ImageBytes);
        var pixels = image.Pixels;
        const int Plane = Side * Side;
        for (int p = 0; p < Plane; p++)
        {
            pixels[3 * p] = planes[p];
            pixels[(3 * p) + 1] = planes[Plane + p];
            pixels[(3 * p) + 2] = planes[(2 * Plane) + p];
        }

        return image;
    }

    protected override byte[] ComputeContentHash() => HashFiles(_files);

    /// <summary>The folder itself, or the subfolder the official archive extracts to.</summary>
    private protected static string LocateFolder(string directory, string archiveFolder, string family)
    {
        ArgumentException.ThrowIfNullOrEmpty(directory);
        string nested = Path.Combine(directory, archiveFolder);
        if (Directory.Exists(nested))
        {
            return nested;
        }

        if (!Directory.Exists(directory))
        {
            throw new InvalidInputException($"{family} folder not found.", directory);
        }

        return directory;
    }

    private protected static string Require(string folder, string name, string family)
    {
        string path = Path.Combine(folder, name);
        if (!File.Exists(path))
        {
            throw new InvalidInputException($"{family} file '{name}' not found (expected the binary version of the dataset).", folder);
        }

        return path;
    }

    private static byte[] ReadFile(string path)
    {
        try
        {
            return File.ReadAllBytes(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new InvalidInputException($"cannot read: {e.Message}", path, e);
        }
    }
}
