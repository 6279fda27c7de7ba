namespace RobustGate.Engine.Imaging;

/// <summary>
/// An 8-bit image, pixels interleaved row by row (H x W x C, as numpy's uint8 arrays from PIL are),
/// with 1 (gray), 2 (gray+alpha), 3 (RGB) or 4 (RGBA) channels.
/// </summary>
public sealed class Image
{
    public Image(int width, int height, int channels)
        : this(width, height, channels, new byte[checked(width * height * channels)])
    {
    }

    public Image(int width, int height, int channels, byte[] pixels)
    {
        ArgumentNullException.ThrowIfNull(pixels);
        if (width < 0 || height < 0)
        {
            throw new ArgumentOutOfRangeException(nameof(width), "Image dimensions must be non-negative.");
        }

        if (channels is < 1 or > 4)
        {
            throw new ArgumentOutOfRangeException(nameof(channels), channels, "An image has 1 to 4 channels.");
        }

        if (pixels.Length != (long)width * height * channels)
        {
            throw new ArgumentException($"Expected {(long)width * height * channels} bytes for {width}x{height}x{channels}, got {pixels.Length}.", nameof(pixels));
        }

        Width = width;
        Height = height;
        Channels = channels;
        Pixels = pixels;
    }

    public int Width { get; }

    public int Height { get; }

    public int Channels { get; }

    /// <summary>Interleaved pixels, row-major: index = (y * Width + x) * Channels + c.</summary>
    public byte[] Pixels { get; }

    public Span<byte> Row(int y) => Pixels.AsSpan(y * Width * Channels, Width * Channels);

    public byte this[int y, int x, int c]
    {
        get => Pixels[((y * Width) + x) * Channels + c];
        set => Pixels[((y * Width) + x) * Channels + c] = value;
    }

    public Image Clone() => new(Width, Height, Channels, (byte[])Pixels.Clone());
}
