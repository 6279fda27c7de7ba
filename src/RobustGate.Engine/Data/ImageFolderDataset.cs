using RobustGate.Engine.Imaging;

namespace RobustGate.Engine.Data;

/// <summary>
/// torchvision's ImageFolder: ROOT/&lt;class&gt;/…/&lt;image&gt;.jpg|.jpeg|.png, classes sorted
/// ordinally (see <see cref="ImageFolderScan"/>), decoded by the given decoder.
/// </summary>
public sealed class ImageFolderDataset : DecodedImageDataset
{
    private ImageFolderDataset(string root, (string[] Classes, string[] Paths, int[] Labels) scan, Func<string, Image> decoder, Func<Image, Image>? transform, ImageShape? shape)
        : base(root, scan.Classes, scan.Paths, scan.Labels, decoder, transform, shape)
    {
    }

    public ImageFolderDataset(string root, Func<string, Image> decoder, Func<Image, Image>? transform = null, ImageShape? shape = null)
        : this(root, ImageFolderScan.Scan(root, "image folder"), decoder, transform, shape)
    {
    }

    public override string Name => $"imagefolder/{Path.GetFileName(Path.TrimEndingDirectorySeparator(Root))}";

    public override string Describe() =>
        $"{Name}: {Count} images{(Shape is { } s ? " " + s : string.Empty)}, {ClassCount} classes, from {Root}";
}
