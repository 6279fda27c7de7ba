namespace RobustGate.Engine.Imaging;

/// <summary>
/// Bounds an image decoder checks before it allocates anything, so a hostile or corrupt
/// header cannot make it exhaust memory.
/// </summary>
public sealed record DecodeLimits
{
    /// <summary>PIL's <c>Image.MAX_IMAGE_PIXELS</c> (a 1024 MiB RGBA image, over 4 bytes per pixel, halved).</summary>
    public const long DefaultMaxPixels = 178_956_970;

    public static DecodeLimits Default { get; } = new();

    /// <summary>Images with more pixels (width x height) than this are refused.</summary>
    public long MaxPixels { get; init; } = DefaultMaxPixels;

    internal void CheckPixels(long width, long height, string fileName)
    {
        if (width <= 0 || height <= 0)
        {
            throw new InvalidInputException($"image size {width}x{height}: expected a width and height of at least 1.", fileName);
        }

        if (width * height > MaxPixels)
        {
            throw new InvalidInputException(
                $"image size {width}x{height} = {width * height} pixels exceeds the limit of {MaxPixels} pixels (DecodeLimits.MaxPixels).",
                fileName);
        }
    }
}
