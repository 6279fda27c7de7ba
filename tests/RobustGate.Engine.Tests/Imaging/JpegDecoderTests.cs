using RobustGate.Engine.Imaging;

namespace RobustGate.Engine.Tests.Imaging;

public class JpegDecoderTests
{
    public static TheoryData<string> JpegFiles() => ImagingReference.FilesOfKind("jpeg");

    /// <summary>Baseline, progressive, every subsampling, gray and Adobe CMYK: PIL's pixels exactly (tolerance 0).</summary>
    [Theory]
    [MemberData(nameof(JpegFiles))]
    public void Decodes_exactly_as_pil(string file)
    {
        var record = ImagingReference.Record(file);
        var expected = ResampleTests.LoadPng(record.GetProperty("decoded").GetString()!);
        var actual = JpegDecoder.Decode(File.ReadAllBytes(ImagingReference.PathOf(file)), file);
        Assert.Equal((expected.Width, expected.Height, expected.Channels), (actual.Width, actual.Height, actual.Channels));
        var mismatches = 0;
        for (var i = 0; i < expected.Pixels.Length; i++)
        {
            mismatches += expected.Pixels[i] != actual.Pixels[i] ? 1 : 0;
        }

        Assert.Equal(0, mismatches);
    }
}
