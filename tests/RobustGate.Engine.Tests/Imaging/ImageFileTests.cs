using RobustGate.Engine.Imaging;

namespace RobustGate.Engine.Tests.Imaging;

public sealed class ImageFileTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("rg-imagefile-").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    [Fact]
    public void Decode_sniffs_png_and_jpeg()
    {
        var png = File.ReadAllBytes(ImagingReference.PathOf("png/camera_L.png"));
        var jpeg = File.ReadAllBytes(ImagingReference.PathOf("jpeg/camera_q50_420.jpg"));
        Assert.Equal(1, ImageFile.Decode(png, "a.png").Channels);
        Assert.Equal(3, ImageFile.Decode(jpeg, "a.jpg").Channels);
        var e = Assert.Throws<InvalidInputException>(() => ImageFile.Decode("GIF89a"u8, "x.gif"));
        Assert.Contains("x.gif", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Save_then_load_round_trips_png_exactly_and_jpeg_as_the_encoder_does()
    {
        var source = ResampleTests.LoadPng("png/rocket_source.png");
        var pngPath = Path.Combine(_folder, "out.png");
        ImageFile.Save(pngPath, source);
        Assert.Equal(source.Pixels, ImageFile.Load(pngPath).Pixels);

        var jpegPath = Path.Combine(_folder, "out.JPEG");
        ImageFile.Save(jpegPath, source, quality: 60);
        var expected = JpegDecoder.Decode(JpegEncoder.Encode(source, 60), "x.jpg");
        Assert.Equal(expected.Pixels, ImageFile.Load(jpegPath).Pixels);
        Assert.Equal(2, Directory.GetFiles(_folder).Length); // no temporary files left behind
    }

    [Fact]
    public void Unknown_extension_is_a_configuration_error()
    {
        var e = Assert.Throws<ConfigurationException>(() => ImageFile.Save(Path.Combine(_folder, "x.bmp"), new Image(1, 1, 1)));
        Assert.Contains(".bmp", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Missing_file_is_invalid_input_naming_it()
    {
        var path = Path.Combine(_folder, "missing.png");
        var e = Assert.Throws<InvalidInputException>(() => ImageFile.Load(path));
        Assert.Equal(path, e.File);
    }

    [Fact]
    public void Pixel_limit_applies_through_load()
    {
        var path = Path.Combine(_folder, "big.png");
        ImageFile.Save(path, new Image(300, 200, 3));
        Assert.Equal(300, ImageFile.Load(path, new DecodeLimits { MaxPixels = 60_000 }).Width);
        var e = Assert.Throws<InvalidInputException>(() => ImageFile.Load(path, new DecodeLimits { MaxPixels = 59_999 }));
        Assert.Equal(path, e.File);
    }

    [Fact]
    public void Conversions_match_pil()
    {
        // Expected bytes from PIL 9.4: Image.frombytes("RGB", (4, 1), ...).convert("L").
        var rgb = new Image(4, 1, 3, [255, 0, 0, 0, 255, 0, 0, 0, 255, 10, 200, 30]);
        Assert.Equal(new byte[] { 76, 150, 29, 124 }, ColorConversion.ToGray(rgb).Pixels);
        var la = new Image(1, 1, 2, [77, 9]);
        Assert.Equal(new byte[] { 77, 77, 77 }, ColorConversion.ToRgb(la).Pixels);
        var rgba = new Image(1, 1, 4, [1, 2, 3, 4]);
        Assert.Equal(new byte[] { 1, 2, 3 }, ColorConversion.ToRgb(rgba).Pixels);
    }
}
