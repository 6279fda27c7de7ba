using System.Runtime.CompilerServices;
using RobustGate.Engine.Imaging;

namespace RobustGate.Engine.Tests.Imaging;

/// <summary>
/// Bit depths 1/2/4/16, palettes with and without tRNS, every filter type (rows cycle through
/// them), split IDAT chunks and Adam7 for each, written by an independent Python writer
/// (TestData/make_png_cases.py) and checked against PIL when they were made.
/// </summary>
public class PngCoverageTests
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
    public void Decodes_exactly(string name)
    {
        var bytes = File.ReadAllBytes(Path.Combine(CaseFolder(), name + ".png"));
        var expected = NpyArray.Load(Path.Combine(CaseFolder(), name + ".npy"));
        var image = PngDecoder.Decode(bytes, name + ".png");
        Assert.Equal(expected.Shape, new[] { image.Height, image.Width, image.Channels });
        Assert.Equal(expected.AsBytes(), image.Pixels);

        var wide = Path.Combine(CaseFolder(), name + "_16.npy");
        if (File.Exists(wide))
        {
            var samples = PngDecoder.DecodeSamples(bytes, name + ".png");
            Assert.Equal(16, samples.BitDepth);
            Assert.Equal(NpyArray.Load(wide).AsInt32(), samples.Samples.Select(s => (int)s).ToArray());
        }
    }

    private static string CaseFolder([CallerFilePath] string here = "") =>
        Path.Combine(Path.GetDirectoryName(here)!, "TestData", "png");
}
