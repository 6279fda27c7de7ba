namespace RobustGate.Engine.Imaging;

/// <summary>
/// A decoded PNG at the file's full precision: 16-bit files keep their 16-bit samples
/// (0..65535); every other file holds the same 8-bit values <see cref="PngDecoder.Decode"/> gives.
/// Samples are interleaved row by row; palettes are already expanded to RGB or RGBA.
/// </summary>
public sealed class PngSamples
{
    internal PngSamples(int width, int height, int channels, int bitDepth, ushort[] samples)
    {
        Width = width;
        Height = height;
        Channels = channels;
        BitDepth = bitDepth;
        Samples = samples;
    }

    public int Width { get; }

    public int Height { get; }

    public int Channels { get; }

    /// <summary>8 or 16: the range of <see cref="Samples"/>.</summary>
    public int BitDepth { get; }

    public ushort[] Samples { get; }
}
