using RobustGate.Engine.Data;
using RobustGate.Engine.Imaging;
using RobustGate.Engine.Tensors;

namespace RobustGate.Engine.Training;

/// <summary>
/// The stylized images of ANT+SIN (spec §1.5): a folder in ImageFolder layout whose class
/// folders are the training data's classes, decoded once into memory at the training shape —
/// converted to the data's channel count (PIL luma for 1-channel data), the shorter side resized
/// to the longer training side (bilinear, torchvision's Resize), then centre-cropped. Class
/// folders are matched to the data's classes by name when every class name is a folder name
/// (ImageNet synsets, imagefolder data), otherwise by sorted position (Fashion-MNIST's
/// "T-shirt/top" cannot be a folder name), which requires as many folders as classes.
/// <para>
/// <see cref="Fill"/> draws, for each slot it overwrites, a stylized image of the slot's own
/// class. The reference instead runs a shuffled stylized loader in lock-step and overwrites the
/// labels too; drawing per class keeps the labels (recipes cannot change them) and gives the
/// same class marginal in expectation, and every draw comes from the batch's seeded generator,
/// so a run is reproducible and resumable.
/// </para>
/// </summary>
public sealed class StylizedImageSource
{
    private float[] _pixels = [];
    private int[][] _byClass = [];

    /// <param name="root">The stylized-image folder (ROOT/&lt;class&gt;/&lt;image&gt;.png|.jpg).</param>
    public StylizedImageSource(string root)
    {
        ArgumentNullException.ThrowIfNull(root);
        if (!Directory.Exists(root))
        {
            throw new InvalidInputException("--sin: the stylized-image folder does not exist (expected ROOT/<class>/<image>.png|.jpg).", root);
        }

        Root = root;
    }

    public string Root { get; }

    /// <summary>The training shape the images were loaded at; null before <see cref="Load"/>.</summary>
    public ImageShape? Shape { get; private set; }

    /// <summary>Stylized images in memory.</summary>
    public int Count { get; private set; }

    /// <summary>Decodes every image at <paramref name="shape"/> and maps its folder to one of <paramref name="classNames"/>.</summary>
    public void Load(IReadOnlyList<string> classNames, ImageShape shape)
    {
        ArgumentNullException.ThrowIfNull(classNames);
        var dataset = new ImageFolderDataset(Root, path => ImageFile.Load(path), image => Fit(image, shape), shape);
        var folders = dataset.ClassNames;
        var folderToClass = new int[folders.Count];
        if (classNames.All(folders.Contains))
        {
            if (folders.Count != classNames.Count)
            {
                var extra = folders.Where(f => !classNames.Contains(f));
                throw new InvalidInputException($"--sin: class folders must be the data's classes; found extra folders {string.Join(", ", extra.Select(f => $"'{f}'"))}.", Root);
            }

            for (var f = 0; f < folders.Count; f++)
            {
                folderToClass[f] = IndexOf(classNames, folders[f]);
            }
        }
        else if (folders.Count == classNames.Count)
        {
            for (var f = 0; f < folders.Count; f++)
            {
                folderToClass[f] = f;
            }
        }
        else
        {
            throw new InvalidInputException($"--sin: expected {classNames.Count} class folders (the data's classes {string.Join(", ", classNames.Select(c => $"'{c}'"))}, in sorted order), found {folders.Count}.", Root);
        }

        var all = Enumerable.Range(0, dataset.Count).ToArray();
        var pixels = new float[(long)all.Length * shape.ElementCount];
        var folderLabels = new int[all.Length];
        dataset.FillBatch(all, shape, pixels, folderLabels);
        _byClass = [.. Enumerable.Range(0, classNames.Count).Select(c => all.Where(i => folderToClass[folderLabels[i]] == c).ToArray())];
        _pixels = pixels;
        Count = all.Length;
        Shape = shape;
    }

    /// <summary>
    /// Overwrites images [<paramref name="start"/>, end of batch) of <paramref name="pixels"/> with
    /// stylized images of the same class as <paramref name="labels"/> says, drawn uniformly with
    /// <paramref name="random"/>.
    /// </summary>
    public void Fill(Span<float> pixels, ReadOnlySpan<int> labels, int start, Generator random)
    {
        ArgumentNullException.ThrowIfNull(random);
        if (Shape is not { } shape)
        {
            throw new InvalidOperationException("StylizedImageSource.Load must run before Fill.");
        }

        var d = shape.ElementCount;
        for (var i = start; i < labels.Length; i++)
        {
            var candidates = (uint)labels[i] < (uint)_byClass.Length ? _byClass[labels[i]] : [];
            if (candidates.Length == 0)
            {
                throw new InvalidInputException($"--sin: no stylized image for class {labels[i]}.", Root);
            }

            var pick = candidates[(int)random.NextInt64(0, candidates.Length)];
            _pixels.AsSpan(pick * d, d).CopyTo(pixels.Slice(i * d, d));
        }
    }

    private static Image Fit(Image image, ImageShape shape)
    {
        var converted = ColorConversion.ToChannels(image, shape.Channels);
        if (converted.Width == shape.Width && converted.Height == shape.Height)
        {
            return converted;
        }

        var resized = TorchvisionTransforms.Resize(converted, Math.Max(shape.Width, shape.Height));
        return TorchvisionTransforms.CenterCrop(resized, shape.Width, shape.Height);
    }

    private static int IndexOf(IReadOnlyList<string> names, string name)
    {
        for (var i = 0; i < names.Count; i++)
        {
            if (names[i] == name)
            {
                return i;
            }
        }

        return -1;
    }
}
