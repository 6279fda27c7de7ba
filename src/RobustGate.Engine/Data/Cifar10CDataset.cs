using System.Security.Cryptography;
using RobustGate.Engine.Imaging;
using RobustGate.Engine.IO;

namespace RobustGate.Engine.Data;

/// <summary>
/// One (corruption, severity) of CIFAR-10-C (Hendrycks and Dietterich): DIR/&lt;corruption&gt;.npy
/// holds uint8 N x 32 x 32 x 3 with severities 1..5 in consecutive blocks of N/5 (10,000 in
/// the published set), DIR/labels.npy the N labels. Only the chosen block is read (30 MB, not
/// 150). The content hash is SHA-256 over that block's pixel bytes followed by the SHA-256 of labels.npy.
/// </summary>
public sealed class Cifar10CDataset : ImageDatasetBase
{
    public const int Side = 32;
    public const int ImageBytes = Side * Side * 3;
    public const string LabelsFileName = "labels.npy";

    private readonly byte[] _pixels;
    private readonly int[] _labels;
    private readonly string _corruptionPath;
    private readonly string _labelsPath;

    public Cifar10CDataset(string directory, string corruption, int severity)
    {
        ArgumentException.ThrowIfNullOrEmpty(directory);
        ArgumentException.ThrowIfNullOrEmpty(corruption);
        if (severity is < 1 or > 5)
        {
            throw new ConfigurationException($"CIFAR-10-C severity must be 1..5, got {severity}.");
        }

        if (!Directory.Exists(directory))
        {
            throw new InvalidInputException("CIFAR-10-C folder not found.", directory);
        }

        Corruption = corruption;
        Severity = severity;
        _corruptionPath = Path.Combine(directory, corruption + ".npy");
        _labelsPath = Path.Combine(directory, LabelsFileName);
        if (!File.Exists(_corruptionPath))
        {
            var available = AvailableCorruptions(directory);
            throw new InvalidInputException($"no file for corruption '{corruption}' (available: {(available.Count == 0 ? "none" : string.Join(", ", available))}).", _corruptionPath);
        }

        if (!File.Exists(_labelsPath))
        {
            throw new InvalidInputException("CIFAR-10-C labels file not found.", _labelsPath);
        }

        var header = NpyFile.ReadHeader(_corruptionPath);
        if (header.DType != NpyDType.UInt8 || header.Shape.Length != 4 || header.Shape[1] != Side || header.Shape[2] != Side || header.Shape[3] != 3 || header.Shape[0] % 5 != 0 || header.Shape[0] == 0)
        {
            throw new InvalidInputException($"expected uint8 (N, 32, 32, 3) with N a positive multiple of 5 (five severities), found {header}.", _corruptionPath);
        }

        int block = header.Shape[0] / 5;
        _pixels = GC.AllocateUninitializedArray<byte>(block * ImageBytes);
        NpyFile.ReadBytes(_corruptionPath, header, (long)(severity - 1) * block * ImageBytes, _pixels);

        var labels = NpyFile.Read(_labelsPath);
        if (labels.Shape.Length != 1 || labels.Shape[0] != header.Shape[0] || labels.DType is NpyDType.Float16 or NpyDType.Float32 or NpyDType.Float64)
        {
            throw new InvalidInputException($"expected integer labels of shape ({header.Shape[0]},) to match {corruption}.npy, found {labels}.", _labelsPath);
        }

        long[] all = labels.ToInt64();
        _labels = new int[block];
        for (int i = 0; i < block; i++)
        {
            long label = all[((severity - 1) * block) + i];
            if (label is < 0 or > 9)
            {
                throw new InvalidInputException($"label {((severity - 1) * block) + i} is {label}; CIFAR-10 has classes 0..9.", _labelsPath);
            }

            _labels[i] = (int)label;
        }
    }

    public string Corruption { get; }

    public int Severity { get; }

    public override string Name => $"cifar10-c/{Corruption}/{Severity}";

    public override IReadOnlyList<string> ClassNames => CifarClasses.Cifar10;

    public override IReadOnlyList<int> Labels => _labels;

    public override ImageShape? Shape => new ImageShape(3, Side, Side);

    /// <summary>Corruption names with a .npy file in <paramref name="directory"/>, sorted ordinally.</summary>
    public static IReadOnlyList<string> AvailableCorruptions(string directory)
    {
        if (!Directory.Exists(directory))
        {
            throw new InvalidInputException("CIFAR-10-C folder not found.", directory);
        }

        return Directory.EnumerateFiles(directory, "*.npy")
            .Select(Path.GetFileNameWithoutExtension)
            .OfType<string>()
            .Where(name => name != "labels")
            .Order(StringComparer.Ordinal)
            .ToArray();
    }

    public override void FillBatch(ReadOnlySpan<int> indices, ImageShape shape, Span<float> destination, Span<int> labels)
    {
        CheckBatch(indices, shape, destination, labels);
        if (shape != Shape)
        {
            throw new ArgumentException($"{Name} images are {Shape}, not {shape}.", nameof(shape));
        }

        for (int i = 0; i < indices.Length; i++)
        {
            BatchConversion.InterleavedToPlanarUnit(_pixels.AsSpan(indices[i] * ImageBytes, ImageBytes), 3, destination.Slice(i * ImageBytes, ImageBytes));
            labels[i] = _labels[indices[i]];
        }
    }

    public override string Describe() =>
        $"{Name}: {Count} images {Shape}, 10 classes, severity block {Severity} of {_corruptionPath}";

    protected override Image LoadImage(int index) =>
        new(Side, Side, 3, _pixels.AsSpan(index * ImageBytes, ImageBytes).ToArray());

    protected override byte[] ComputeContentHash()
    {
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        hash.AppendData(_pixels);
        hash.AppendData(HashFiles([_labelsPath]));
        return hash.GetHashAndReset();
    }
}
