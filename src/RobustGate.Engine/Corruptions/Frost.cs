using RobustGate.Engine.Imaging;
using RobustGate.Engine.Randomness;

namespace RobustGate.Engine.Corruptions;

/// <summary>
/// ImageNet-C frost (spec §3.9): out = clip(a·x + b·texture crop) on the 0..255 scale. Draws
/// <c>randint(5)</c> (texture), then the crop row, then the crop column (upper bounds exclusive).
/// imagecorruptions scales the texture by 1.1 (after fitting it to the image) with OpenCV cubic
/// resizing; the ImageNet-C generator crops the photograph as is; the CIFAR-10-C generator first
/// shrinks it to 0.2× with OpenCV linear resizing.
/// </summary>
public sealed class Frost : Corruption
{
    private static readonly SeverityTable<(double Image, double Frost)> Table = new(
        [(1, 0.4), (0.8, 0.6), (0.7, 0.7), (0.65, 0.7), (0.6, 0.75)],
        [(1, 0.2), (1, 0.3), (0.9, 0.4), (0.85, 0.4), (0.75, 0.45)]);

    private readonly (double Image, double Frost)[] _parameters;
    private readonly CorruptionProfile _profile;
    private readonly string? _folder;
    private readonly Lazy<Image[]> _prepared;

    // The cubic fit depends only on the texture and the image size; evaluation runs see few sizes.
    private readonly System.Collections.Concurrent.ConcurrentDictionary<(int Index, int Width, int Height), Image> _fitted = new();

    public Frost(CorruptionProfile profile, string? textureFolder)
        : base("frost", CorruptionGroup.Weather, true, textureFolder is null
            ? "frost texture blend (procedural texture: no frost folder was given, so results differ from ImageNet-C's photographs)"
            : "frost texture blend (imagecorruptions' photographs)")
    {
        _parameters = Table.For(profile);
        _profile = profile;
        _folder = textureFolder;
        _prepared = new Lazy<Image[]>(Prepare);
    }

    protected override Image ApplyRgb(Image rgb, int severity, NumpyRandom rng)
    {
        var (a, b) = _parameters[severity - 1];
        int width = rgb.Width, height = rgb.Height;
        var index = (int)rng.RandInt(5);
        var texture = _profile == CorruptionProfile.ImageCorruptions
            ? _fitted.GetOrAdd((index, width, height), k => FitForImageCorruptions(Textures.Textures[k.Index], k.Width, k.Height))
            : _prepared.Value[index];
        if (texture.Height <= height || texture.Width <= width)
        {
            throw new InvalidInputException($"Corruption 'frost' ({_profile} profile): the image ({width}x{height}) must be smaller than the frost texture ({texture.Width}x{texture.Height}) on both axes; use the imagecorruptions profile, which scales the texture.");
        }

        var top = (int)rng.RandInt(0, texture.Height - height);
        var left = (int)rng.RandInt(0, texture.Width - width);

        var output = new Image(width, height, 3);
        var dst = output.Pixels;
        var src = rgb.Pixels;
        var tex = texture.Pixels;
        for (var y = 0; y < height; y++)
        {
            var t = (((top + y) * texture.Width) + left) * 3;
            var o = y * width * 3;
            for (var i = 0; i < width * 3; i++)
            {
                var v = (a * src[o + i]) + (b * tex[t + i]);
                dst[o + i] = (byte)(int)Math.Clamp(v, 0.0, 255.0);
            }
        }

        return output;
    }

    private FrostTextures Textures => _folder is null ? FrostTextures.Procedural : FrostTextures.Load(_folder);

    /// <summary>imagecorruptions: scale so the texture covers the image (1 if it already does), times 1.1, cubic.</summary>
    private static Image FitForImageCorruptions(Image texture, int width, int height)
    {
        int th = texture.Height, tw = texture.Width;
        double factor = 1;
        if (th < height && tw >= width)
        {
            factor = (double)height / th;
        }
        else if (th >= height && tw < width)
        {
            factor = (double)width / tw;
        }
        else if (th < height && tw < width)
        {
            factor = Math.Max((double)height / th, (double)width / tw);
        }

        factor *= 1.1;
        return OpenCvResize.Cubic(texture, (int)Math.Ceiling(tw * factor), (int)Math.Ceiling(th * factor));
    }

    private Image[] Prepare()
    {
        var textures = Textures.Textures;
        if (_profile != CorruptionProfile.Cifar)
        {
            return textures.ToArray();
        }

        return textures.Select(t =>
        {
            var (w, h) = OpenCvResize.ScaledSize(t.Width, t.Height, 0.2, 0.2);
            return OpenCvResize.Linear(t, w, h);
        }).ToArray();
    }
}
