using RobustGate.Engine.Imaging;

namespace RobustGate.Engine.Tests.Imaging;

public class PngDecoderTests
{
    public static TheoryData<string> PngFiles()
    {
        var data = ImagingReference.FilesOfKind("png");
        foreach (var f in ImagingReference.FilesOfKind("source"))
        {
            data.Add(f);
        }

        return data;
    }

    /// <summary>Every PNG colour type, and Adam7, must decode exactly: lossless means no tolerance.</summary>
    [Theory]
    [MemberData(nameof(PngFiles))]
    public void Decodes_reference_file_exactly(string file)
    {
        var record = ImagingReference.Record(file);
        var bytes = File.ReadAllBytes(ImagingReference.PathOf(file));
        var expected = NpyArray.Load(ImagingReference.PathOf(record.GetProperty("pixels").GetString()!));
        if (record.TryGetProperty("mode", out var mode) && mode.GetString() == "I;16")
        {
            var samples = PngDecoder.DecodeSamples(bytes, file);
            Assert.Equal(16, samples.BitDepth);
            Assert.Equal(expected.Shape, new[] { samples.Height, samples.Width });
            Assert.Equal(expected.AsInt32(), samples.Samples.Select(s => (int)s).ToArray());
            return;
        }

        var image = PngDecoder.Decode(bytes, file);
        var channels = expected.Shape.Length == 2 ? 1 : expected.Shape[2];
        Assert.Equal(expected.Shape[0], image.Height);
        Assert.Equal(expected.Shape[1], image.Width);
        Assert.Equal(expected.AsBytes(), ExpandTo(image, channels));
    }

    [Fact]
    public void Reads_palette_transparency_as_rgba()
    {
        // 2x1 palette image: entry 0 red with alpha 10, entry 1 green (opaque, beyond tRNS).
        var png = PngTestFiles.Build(2, 1, bitDepth: 8, colorType: 3, interlace: 0, rawRows: [[0, 0, 1]],
            palette: [255, 0, 0, 0, 255, 0], trns: [10]);
        var image = PngDecoder.Decode(png, "p.png");
        Assert.Equal(4, image.Channels);
        Assert.Equal(new byte[] { 255, 0, 0, 10, 0, 255, 0, 255 }, image.Pixels);
    }

    /// <summary>Widens a decoded image the way the reference .npy files were written (PIL's convert).</summary>
    internal static byte[] ExpandTo(Image image, int channels)
    {
        if (image.Channels == channels)
        {
            return image.Pixels;
        }

        var n = image.Width * image.Height;
        var result = new byte[n * channels];
        for (var i = 0; i < n; i++)
        {
            for (var c = 0; c < channels; c++)
            {
                result[(i * channels) + c] = (image.Channels, c) switch
                {
                    (1, _) => image.Pixels[i],
                    (2, 3) => image.Pixels[(2 * i) + 1],
                    (2, _) => image.Pixels[2 * i],
                    (3, 3) => 255,
                    _ => image.Pixels[(i * image.Channels) + c],
                };
            }
        }

        return result;
    }
}
