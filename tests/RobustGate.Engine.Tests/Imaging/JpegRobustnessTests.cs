using System.Buffers.Binary;
using RobustGate.Engine.Imaging;

namespace RobustGate.Engine.Tests.Imaging;

public class JpegRobustnessTests
{
    private static readonly Lazy<byte[]> Baseline = new(() => JpegEncoder.Encode(SmallImage(), 80, JpegSubsampling.Yuv420, restartInterval: 2));

    private static readonly Lazy<byte[]> Progressive = new(() =>
        File.ReadAllBytes(Path.Combine(SharedDataFolder(), "odd_37x23_420_prog.jpg")));

    public static TheoryData<string> Kinds() => new() { "baseline", "progressive" };

    [Theory]
    [MemberData(nameof(Kinds))]
    public void Every_truncation_throws_invalid_input_naming_the_file(string kind)
    {
        var jpeg = kind == "baseline" ? Baseline.Value : Progressive.Value;
        for (var length = 0; length < jpeg.Length - 1; length++)
        {
            var e = Assert.Throws<InvalidInputException>(() => JpegDecoder.Decode(jpeg.AsSpan(0, length), "cut.jpg"));
            Assert.Equal("cut.jpg", e.File);
        }
    }

    [Theory]
    [MemberData(nameof(Kinds))]
    public void Random_byte_flips_give_an_image_or_invalid_input(string kind)
    {
        var jpeg = kind == "baseline" ? Baseline.Value : Progressive.Value;
        var rng = new Random(kind.Length);
        for (var trial = 0; trial < 400; trial++)
        {
            var corrupt = (byte[])jpeg.Clone();
            var flips = 1 + rng.Next(4);
            for (var f = 0; f < flips; f++)
            {
                corrupt[rng.Next(corrupt.Length)] ^= (byte)(1 + rng.Next(255));
            }

            try
            {
                var image = JpegDecoder.Decode(corrupt, "fuzz.jpg", new DecodeLimits { MaxPixels = 1 << 20 });
                Assert.True(image.Width * image.Height <= 1 << 20);
            }
            catch (InvalidInputException e)
            {
                Assert.Equal("fuzz.jpg", e.File);
            }
        }
    }

    [Fact]
    public void Random_bytes_after_the_headers_give_an_image_or_invalid_input()
    {
        // Replace the entropy-coded data with noise: exercises Huffman decoding of garbage.
        var jpeg = Baseline.Value;
        var sos = jpeg.AsSpan().IndexOf([(byte)0xFF, (byte)0xDA]);
        var dataStart = sos + 2 + BinaryPrimitives.ReadUInt16BigEndian(jpeg.AsSpan(sos + 2));
        var rng = new Random(5);
        for (var trial = 0; trial < 200; trial++)
        {
            var corrupt = (byte[])jpeg.Clone();
            for (var i = dataStart; i < corrupt.Length - 2; i++)
            {
                corrupt[i] = (byte)rng.Next(256);
            }

            try
            {
                JpegDecoder.Decode(corrupt, "noise.jpg");
            }
            catch (InvalidInputException e)
            {
                Assert.Equal("noise.jpg", e.File);
            }
        }
    }

    [Theory]
    [InlineData(65535, 65535, 100_000_000L)]
    [InlineData(60000, 60000, DecodeLimits.DefaultMaxPixels)]
    [InlineData(4000, 4000, DecodeLimits.DefaultMaxPixels)]
    public void Huge_frame_headers_are_refused_before_allocating(int width, int height, long maxPixels)
    {
        var jpeg = (byte[])Baseline.Value.Clone();
        var sof = jpeg.AsSpan().IndexOf([(byte)0xFF, (byte)0xC0]);
        BinaryPrimitives.WriteUInt16BigEndian(jpeg.AsSpan(sof + 5), (ushort)height);
        BinaryPrimitives.WriteUInt16BigEndian(jpeg.AsSpan(sof + 7), (ushort)width);
        var e = Assert.Throws<InvalidInputException>(() => JpegDecoder.Decode(jpeg, "huge.jpg", new DecodeLimits { MaxPixels = maxPixels }));
        Assert.Contains("huge.jpg", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Endless_scans_are_refused()
    {
        // 300 copies of the progressive file's last scan header, each with no data after it.
        var jpeg = Progressive.Value;
        var sos = jpeg.AsSpan().LastIndexOf([(byte)0xFF, (byte)0xDA]);
        var header = jpeg.AsSpan(sos, 2 + BinaryPrimitives.ReadUInt16BigEndian(jpeg.AsSpan(sos + 2))).ToArray();
        var body = jpeg[..sos].Concat(Enumerable.Range(0, 300).SelectMany(_ => header)).Concat(new byte[] { 0xFF, 0xD9 }).ToArray();
        var e = Assert.Throws<InvalidInputException>(() => JpegDecoder.Decode(body, "scans.jpg"));
        Assert.Contains("scans", e.Message, StringComparison.Ordinal);
    }

    private static Image SmallImage()
    {
        var image = new Image(45, 29, 3);
        for (var y = 0; y < image.Height; y++)
        {
            for (var x = 0; x < image.Width; x++)
            {
                image[y, x, 0] = (byte)(x * 5);
                image[y, x, 1] = (byte)(y * 8);
                image[y, x, 2] = (byte)((x * y) & 255);
            }
        }

        return image;
    }

    private static string SharedDataFolder([System.Runtime.CompilerServices.CallerFilePath] string here = "") =>
        Path.Combine(Path.GetDirectoryName(here)!, "TestData", "jpeg");
}
