using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using RobustGate.Engine.Imaging;
using RobustGate.Engine.Imaging.Filters;
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

    public Frost(CorruptionProfile profile, string? textureFolder)
        : base("frost", CorruptionGroup.Weather, true, textureFolder is null
            ? "frost texture blend (procedural texture: no frost folder was given, so results differ from ImageNet-C's photographs)"
            : "frost texture blend (imagecorruptions' photographs)")
    {
        _parameters = Table.For(profile);
        _profile = profile;
        _folder = textureFolder;
    }

    private FrostTextures Textures => _folder is null ? FrostTextures.Procedural : FrostTextures.Load(_folder);

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    protected override Image ApplyRgb(Image rgb, int severity, NumpyRandom rng)
    {
        var (a, b) = _parameters[severity - 1];
        int width = rgb.Width, height = rgb.Height;
        var texture = Textures.Textures[(int)rng.RandInt(5)];
        var (scaledHeight, scaledWidth) = _profile switch
        {
            CorruptionProfile.ImageCorruptions => ImageCorruptionsSize(texture, width, height),
            CorruptionProfile.Cifar => OpenCvResize.ScaledSize(texture.Height, texture.Width, 0.2, 0.2),
            _ => (texture.Height, texture.Width),
        };

        if (scaledHeight <= height || scaledWidth <= width)
        {
            throw new InvalidInputException($"Corruption 'frost' ({_profile} profile): the image ({width}x{height}) must be smaller than the frost texture ({scaledWidth}x{scaledHeight}) on both axes; use the imagecorruptions profile, which scales the texture.");
        }

        var top = (int)rng.RandInt(0, scaledHeight - height);
        var left = (int)rng.RandInt(0, scaledWidth - width);

        // Only the crop is resampled: the resize is separable and position-wise, so the window equals
        // the same window of the full resized texture.
        using var cropBuffer = new PooledBuffer<byte>(width * height * 3);
        var crop = cropBuffer.Span;
        switch (_profile)
        {
            case CorruptionProfile.ImageCorruptions:
                OpenCvResize.Cubic(texture.Pixels, texture.Height, texture.Width, 3, scaledHeight, scaledWidth, crop, top, left, height, width);
                break;
            case CorruptionProfile.Cifar:
                OpenCvResize.LinearScaled(texture.Pixels, texture.Height, texture.Width, 3, 0.2, 0.2, crop, top, left, height, width);
                break;
            default:
                for (var y = 0; y < height; y++)
                {
                    texture.Pixels.AsSpan((((top + y) * texture.Width) + left) * 3, width * 3).CopyTo(crop.Slice(y * width * 3, width * 3));
                }

                break;
        }

        var output = ImagePool.Rent(width, height, 3);
        var dst = output.Pixels;
        var src = rgb.Pixels;
        var i = 0;
        if (ByteLanes.IsSupported)
        {
            var va = Vector512.Create(a);
            var vb = Vector512.Create(b);
            var zero = Vector512<double>.Zero;
            var max = Vector512.Create(255.0);
            for (; i + 8 <= dst.Length; i += 8)
            {
                // The scalar expression below, unfused, eight samples at a time.
                var v = (va * ByteLanes.Load8(src, i)) + (vb * ByteLanes.Load8(crop, i));
                ByteLanes.Store8(Vector512.Min(Vector512.Max(v, zero), max), dst, i);
            }
        }

        for (; i < dst.Length; i++)
        {
            var v = (a * src[i]) + (b * crop[i]);
            dst[i] = (byte)(int)Math.Clamp(v, 0.0, 255.0);
        }

        return output;
    }

    /// <summary>imagecorruptions: scale so the texture covers the image (1 if it already does), times 1.1, sizes rounded up.</summary>
    private static (int Height, int Width) ImageCorruptionsSize(Image texture, int width, int height)
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
        return ((int)Math.Ceiling(th * factor), (int)Math.Ceiling(tw * factor));
    }
}
