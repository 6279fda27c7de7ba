using RobustGate.Engine.Imaging;

namespace RobustGate.Engine.Tests.Imaging;

public class PngEncoderTests
{
    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    [InlineData(4)]
    public void Round_trips_every_channel_count(int channels)
    {
        var image = new Image(37, 23, channels);
        var rng = new Random(channels);
        for (var i = 0; i < image.Pixels.Length; i++)
        {
            // Smooth ramps plus noise so every filter type wins on some row.
            image.Pixels[i] = (byte)((i % 97) + rng.Next(0, i % 3 == 0 ? 200 : 4));
        }

        var png = PngEncoder.Encode(image);
        var decoded = PngDecoder.Decode(png, "roundtrip.png");
        Assert.Equal(channels, decoded.Channels);
        Assert.Equal(image.Pixels, decoded.Pixels);
    }

    [Fact]
    public void Output_is_deterministic_and_decodes_to_the_reference()
    {
        var source = PngDecoder.Decode(File.ReadAllBytes(ImagingReference.PathOf("png/rocket_source.png")), "rocket_source.png");
        var first = PngEncoder.Encode(source);
        var second = PngEncoder.Encode(source.Clone());
        Assert.Equal(first, second);
        Assert.Equal(source.Pixels, PngDecoder.Decode(first, "x.png").Pixels);
    }
}
