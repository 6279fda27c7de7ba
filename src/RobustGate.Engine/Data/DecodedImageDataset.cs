using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using RobustGate.Engine.Imaging;

namespace RobustGate.Engine.Data;

/// <summary>
/// A dataset of image files decoded on demand by a caller-supplied decoder (PNG/JPEG live in
/// Imaging, not here), optionally followed by a transform such as resize + centre crop.
/// Decoding happens in <see cref="Get"/> and, in parallel, in <see cref="FillBatch"/>. The
/// content hash is SHA-256 over a manifest, one line per sample in order:
/// "relative/path\0byte-length\0label\n" — reading every byte of ImageNet would take hours, and
/// the manifest still changes when a file is added, removed, relabelled or rewritten with a new size.
/// </summary>
public abstract class DecodedImageDataset : ImageDatasetBase
{
    private readonly string[] _paths;
    private readonly int[] _labels;
    private readonly Func<string, Image> _decoder;
    private readonly Func<Image, Image>? _transform;

    private protected DecodedImageDataset(string root, IReadOnlyList<string> classes, string[] paths, int[] labels, Func<string, Image> decoder, Func<Image, Image>? transform, ImageShape? shape)
    {
        ArgumentNullException.ThrowIfNull(decoder);
        Root = root;
        ClassNames = classes;
        _paths = paths;
        _labels = labels;
        _decoder = decoder;
        _transform = transform;
        Shape = shape;
    }

    /// <summary>The folder the samples' relative paths start from.</summary>
    public string Root { get; }

    public override IReadOnlyList<string> ClassNames { get; }

    public override IReadOnlyList<int> Labels => _labels;

    /// <summary>As declared by the caller (the transform's output size); null when sizes vary.</summary>
    public override ImageShape? Shape { get; }

    /// <summary>Full path of sample <paramref name="index"/>.</summary>
    public string PathOf(int index)
    {
        CheckIndex(index);
        return _paths[index];
    }

    protected override Image LoadImage(int index)
    {
        string path = _paths[index];
        Image image;
        try
        {
            image = _decoder(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or FormatException or InvalidDataException)
        {
            throw new InvalidInputException($"cannot decode image: {e.Message}", path, e);
        }

        return _transform is null ? image : _transform(image);
    }

    protected override string? DescribeSource(int index) => _paths[index];

    protected override byte[] ComputeContentHash()
    {
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        for (int i = 0; i < _paths.Length; i++)
        {
            long length;
            try
            {
                length = new FileInfo(_paths[i]).Length;
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                throw new InvalidInputException($"cannot read for hashing: {e.Message}", _paths[i], e);
            }

            string relative = Path.GetRelativePath(Root, _paths[i]).Replace('\\', '/');
            hash.AppendData(Encoding.UTF8.GetBytes(string.Create(CultureInfo.InvariantCulture, $"{relative}\0{length}\0{_labels[i]}\n")));
        }

        return hash.GetHashAndReset();
    }
}
