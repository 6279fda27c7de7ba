using RobustGate.Engine.Imaging;

namespace RobustGate.Engine.Tests.Corruptions;

/// <summary>Small deterministic images for property tests.</summary>
public static class TestImages
{
    public static Image Gradient(int width, int height, int channels = 3)
    {
        var image = new Image(width, height, channels);
        for (var y = 0; y < height; y++)
        {
            for (var x = 0; x < width; x++)
            {
                for (var c = 0; c < channels; c++)
                {
                    image[y, x, c] = (byte)(((x * 255 / Math.Max(1, width - 1)) + (y * 37) + (c * 80)) % 256);
                }
            }
        }

        return image;
    }

    public static Image Flat(int width, int height, byte value)
    {
        var image = new Image(width, height, 3);
        image.Pixels.AsSpan().Fill(value);
        return image;
    }

    public static Image Stack(Image gray)
    {
        var rgb = new Image(gray.Width, gray.Height, 3);
        for (var i = 0; i < gray.Width * gray.Height; i++)
        {
            rgb.Pixels[i * 3] = rgb.Pixels[(i * 3) + 1] = rgb.Pixels[(i * 3) + 2] = gray.Pixels[i];
        }

        return rgb;
    }
}
