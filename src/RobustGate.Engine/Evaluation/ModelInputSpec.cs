using RobustGate.Engine.Imaging;

namespace RobustGate.Engine.Evaluation;

/// <summary>
/// What a model takes and how an image is brought to it. Geometry (resize, crop) happens before
/// corruption, as ImageNet-C corrupts the 224 px centre crop; channel conversion and scaling to
/// [0, 1] happen after it, because corruptions work on 8-bit RGB.
/// </summary>
/// <param name="Channels">1 (gray) or 3 (RGB).</param>
/// <param name="Height">Model input height.</param>
/// <param name="Width">Model input width.</param>
/// <param name="ResizeTo">
/// When set, torchvision's evaluation transform: shorter side to this size, then a centre crop to
/// Height x Width. When null, images of another size are resized to exactly Height x Width.
/// </param>
/// <param name="Interpolation">PIL filter for resizing.</param>
public sealed record ModelInputSpec(int Channels, int Height, int Width, int? ResizeTo = null, ResampleFilter Interpolation = ResampleFilter.Bilinear)
{
    public int ElementsPerImage => Channels * Height * Width;

    /// <summary>Resizes and crops <paramref name="image"/> to the model's size; returns it unchanged when it already fits.</summary>
    public Image ApplyGeometry(Image image)
    {
        ArgumentNullException.ThrowIfNull(image);
        if (ResizeTo is { } shorter)
        {
            var resized = TorchvisionTransforms.Resize(image, shorter, Interpolation);
            return resized.Width == Width && resized.Height == Height ? resized : TorchvisionTransforms.CenterCrop(resized, Width, Height);
        }

        return image.Width == Width && image.Height == Height ? image : Resample.Resize(image, Width, Height, Interpolation);
    }

    /// <summary>
    /// Writes <paramref name="image"/> (already of the model's size) as C x H x W floats in [0, 1]:
    /// gray is replicated to RGB, RGB becomes gray with PIL's ITU-R 601-2 luma weights, alpha is dropped.
    /// </summary>
    public void ToTensor(Image image, Span<float> chw)
    {
        ArgumentNullException.ThrowIfNull(image);
        if (image.Width != Width || image.Height != Height)
        {
            throw new ArgumentException($"image is {image.Width}x{image.Height}, the model takes {Width}x{Height}", nameof(image));
        }

        var plane = Width * Height;
        var px = image.Pixels;
        var src = image.Channels;
        const float scale = 1f / 255f;
        if (Channels == 1)
        {
            for (var i = 0; i < plane; i++)
            {
                var o = i * src;
                chw[i] = (src >= 3 ? Luma(px[o], px[o + 1], px[o + 2]) : px[o]) * scale;
            }

            return;
        }

        for (var i = 0; i < plane; i++)
        {
            var o = i * src;
            if (src >= 3)
            {
                chw[i] = px[o] * scale;
                chw[plane + i] = px[o + 1] * scale;
                chw[(2 * plane) + i] = px[o + 2] * scale;
            }
            else
            {
                var v = px[o] * scale;
                chw[i] = v;
                chw[plane + i] = v;
                chw[(2 * plane) + i] = v;
            }
        }
    }

    // PIL's convert("L"): (R*19595 + G*38470 + B*7471 + 0x8000) >> 16.
    private static byte Luma(byte r, byte g, byte b) => (byte)(((r * 19595) + (g * 38470) + (b * 7471) + 0x8000) >> 16);
}
