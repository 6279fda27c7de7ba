using System.Runtime.CompilerServices;
using RobustGate.Engine.Imaging;

namespace RobustGate.Engine.Tests.Imaging;

/// <summary>
/// Files from libjpeg-turbo's cjpeg (TestData/make_jpeg_cases.py): restart markers, 4:4:0, 4:1:1,
/// mixed sampling, odd and tiny sizes, Adobe RGB, optimised tables, progressive with restarts,
/// q1 and q100. The expected pixels are PIL's decode; tolerance 0.
/// </summary>
public class JpegCoverageTests
{
    public static TheoryData<string> Cases()
    {
        var data = new TheoryData<string>();
        foreach (var file in Directory.GetFiles(CaseFolder(), "*.png").Order(StringComparer.Ordinal))
        {
            data.Add(Path.GetFileNameWithoutExtension(file));
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void Decodes_exactly_as_pil(string name)
    {
        var expected = PngDecoder.Decode(File.ReadAllBytes(Path.Combine(CaseFolder(), name + ".png")), name + ".png");
        var actual = JpegDecoder.Decode(File.ReadAllBytes(Path.Combine(CaseFolder(), name + ".jpg")), name + ".jpg");
        Assert.Equal((expected.Width, expected.Height, expected.Channels), (actual.Width, actual.Height, actual.Channels));
        Assert.Equal(expected.Pixels, actual.Pixels);
    }

    [Fact]
    public void Arithmetic_coding_is_refused_with_the_reason()
    {
        var e = Assert.Throws<InvalidInputException>(() => JpegDecoder.Decode(File.ReadAllBytes(Path.Combine(CaseFolder(), "unsupported_arithmetic.jpg")), "a.jpg"));
        Assert.Contains("arithmetic", e.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(JpegSubsampling.Yuv440, 7)]
    [InlineData(JpegSubsampling.Yuv420, 3)]
    public void Encoder_restart_markers_round_trip(JpegSubsampling subsampling, int interval)
    {
        // The same image with and without restart markers decodes to the same pixels.
        var source = ResampleTests.LoadPng("png/astronaut_source.png");
        var plain = JpegDecoder.Decode(JpegEncoder.Encode(source, 70, subsampling), "plain.jpg");
        var restarted = JpegEncoder.Encode(source, 70, subsampling, interval);
        Assert.True(restarted.AsSpan().IndexOf([(byte)0xFF, (byte)0xD0]) > 0, "no RST0 marker written");
        Assert.Equal(plain.Pixels, JpegDecoder.Decode(restarted, "restart.jpg").Pixels);
    }

    private static string CaseFolder([CallerFilePath] string here = "") =>
        Path.Combine(Path.GetDirectoryName(here)!, "TestData", "jpeg");
}
