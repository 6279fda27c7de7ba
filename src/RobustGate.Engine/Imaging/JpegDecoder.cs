namespace RobustGate.Engine.Imaging;

/// <summary>
/// JPEG decoder that gives libjpeg-turbo's (and so PIL's) pixels exactly: baseline, extended and
/// progressive Huffman files, any integer sampling factors, restart markers, grayscale, YCbCr,
/// RGB and Adobe CMYK/YCCK; islow IDCT, fancy upsampling, libjpeg's colour tables. CMYK is
/// returned as RGB the way PIL's <c>convert("RGB")</c> makes it. Output: 1 channel (gray) or 3 (RGB).
/// </summary>
public static class JpegDecoder
{
    public static bool IsJpeg(ReadOnlySpan<byte> bytes) => bytes.Length >= 3 && bytes[0] == 0xFF && bytes[1] == 0xD8 && bytes[2] == 0xFF;

    public static Image Decode(ReadOnlySpan<byte> bytes, string fileName, DecodeLimits? limits = null)
    {
        var state = new JpegDecodeState(bytes.ToArray(), fileName, limits ?? DecodeLimits.Default);
        try
        {
            state.ReadAll();
            return state.Output();
        }
        finally
        {
            state.Release();
        }
    }
}
