namespace RobustGate.Engine.Imaging;

/// <summary>
/// Reading and writing image files: the format is sniffed from the bytes when reading and taken
/// from the extension (.png, .jpg, .jpeg) when writing. Every decoding failure is an
/// <see cref="InvalidInputException"/> naming the file.
/// </summary>
public static class ImageFile
{
    public static ImageFormat? Sniff(ReadOnlySpan<byte> bytes) =>
        PngDecoder.IsPng(bytes) ? ImageFormat.Png : JpegDecoder.IsJpeg(bytes) ? ImageFormat.Jpeg : null;

    /// <summary>Decodes PNG or JPEG bytes; <paramref name="fileName"/> is used in error messages.</summary>
    public static Image Decode(ReadOnlySpan<byte> bytes, string fileName, DecodeLimits? limits = null)
    {
        ArgumentNullException.ThrowIfNull(fileName);
        return Sniff(bytes) switch
        {
            ImageFormat.Png => PngDecoder.Decode(bytes, fileName, limits),
            ImageFormat.Jpeg => JpegDecoder.Decode(bytes, fileName, limits),
            _ => throw new InvalidInputException("unknown image format: expected a PNG (89 50 4E 47 ...) or JPEG (FF D8 FF) signature at byte 0.", fileName),
        };
    }

    public static Image Load(string path, DecodeLimits? limits = null)
    {
        ArgumentNullException.ThrowIfNull(path);
        byte[] bytes;
        try
        {
            bytes = File.ReadAllBytes(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or NotSupportedException or ArgumentException)
        {
            throw new InvalidInputException($"cannot read the image file: {e.Message}", path, e);
        }

        return Decode(bytes, path, limits);
    }

    /// <summary>Encodes to the format named by <paramref name="format"/>; quality applies to JPEG only.</summary>
    public static byte[] Encode(Image image, ImageFormat format, int quality = JpegEncoder.DefaultQuality) => format switch
    {
        ImageFormat.Png => PngEncoder.Encode(image),
        _ => JpegEncoder.Encode(image, quality),
    };

    /// <summary>
    /// Writes by extension (.png, .jpg, .jpeg; JPEG at <paramref name="quality"/>, 4:2:0) to a
    /// temporary file beside the target, then renames it over the target, so readers never see
    /// half a file.
    /// </summary>
    public static void Save(string path, Image image, int quality = JpegEncoder.DefaultQuality)
    {
        ArgumentNullException.ThrowIfNull(path);
        ArgumentNullException.ThrowIfNull(image);
        var format = FormatFromExtension(path);
        var bytes = Encode(image, format, quality);
        var full = Path.GetFullPath(path);
        var temp = Path.Combine(Path.GetDirectoryName(full)!, $".{Path.GetFileName(full)}.{Environment.ProcessId}.{Guid.NewGuid():N}.tmp");
        try
        {
            File.WriteAllBytes(temp, bytes);
            File.Move(temp, full, overwrite: true);
        }
        finally
        {
            if (File.Exists(temp))
            {
                File.Delete(temp);
            }
        }
    }

    public static ImageFormat FormatFromExtension(string path)
    {
        var extension = Path.GetExtension(path).ToLowerInvariant();
        return extension switch
        {
            ".png" => ImageFormat.Png,
            ".jpg" or ".jpeg" => ImageFormat.Jpeg,
            _ => throw new ConfigurationException($"cannot choose an image format from the extension '{extension}'; expected .png, .jpg or .jpeg.", path),
        };
    }
}
