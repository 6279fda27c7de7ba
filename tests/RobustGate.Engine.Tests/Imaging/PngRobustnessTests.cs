using System.Buffers.Binary;
using RobustGate.Engine.Imaging;

namespace RobustGate.Engine.Tests.Imaging;

public class PngRobustnessTests
{
    private static readonly Lazy<byte[]> Small = new(() =>
    {
        var image = new Image(24, 17, 3);
        for (var i = 0; i < image.Pixels.Length; i++)
        {
            image.Pixels[i] = (byte)(i * 7);
        }

        return PngEncoder.Encode(image);
    });

    [Fact]
    public void Every_truncation_throws_invalid_input_naming_the_file()
    {
        var png = Small.Value;
        for (var length = 0; length < png.Length; length++)
        {
            var e = Assert.Throws<InvalidInputException>(() => PngDecoder.Decode(png.AsSpan(0, length), "cut.png"));
            Assert.Equal("cut.png", e.File);
            Assert.StartsWith("cut.png: ", e.Message, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void Random_byte_flips_give_an_image_or_invalid_input()
    {
        var png = Small.Value;
        var rng = new Random(1234);
        for (var trial = 0; trial < 500; trial++)
        {
            var corrupt = (byte[])png.Clone();
            var flips = 1 + rng.Next(4);
            for (var f = 0; f < flips; f++)
            {
                corrupt[rng.Next(corrupt.Length)] ^= (byte)(1 + rng.Next(255));
            }

            try
            {
                PngDecoder.Decode(corrupt, "fuzz.png");
            }
            catch (InvalidInputException e)
            {
                Assert.Equal("fuzz.png", e.File);
            }
        }
    }

    [Fact]
    public void Random_flips_past_the_crc_check_give_an_image_or_invalid_input()
    {
        // Flipping bytes inside IDAT and fixing the CRC reaches the inflater and the filters.
        var rng = new Random(99);
        var png = Small.Value;
        var idatStart = FindChunk(png, "IDAT");
        var idatLength = BinaryPrimitives.ReadInt32BigEndian(png.AsSpan(idatStart));
        for (var trial = 0; trial < 300; trial++)
        {
            var corrupt = (byte[])png.Clone();
            for (var f = 0; f < 1 + rng.Next(3); f++)
            {
                corrupt[idatStart + 8 + rng.Next(idatLength)] ^= (byte)(1 + rng.Next(255));
            }

            FixCrc(corrupt, idatStart, idatLength);
            try
            {
                var image = PngDecoder.Decode(corrupt, "fuzz.png");
                Assert.Equal(24, image.Width);
            }
            catch (InvalidInputException e)
            {
                Assert.Equal("fuzz.png", e.File);
            }
        }
    }

    [Theory]
    [InlineData(100_000, 100_000)]
    [InlineData(int.MaxValue, 1)]
    [InlineData(0, 5)]
    public void Huge_or_empty_dimensions_are_refused_before_allocating(int width, int height)
    {
        var png = PngTestFiles.Build(width, height, 8, 2, 0, [[0, 1, 2, 3]]);
        var e = Assert.Throws<InvalidInputException>(() => PngDecoder.Decode(png, "huge.png"));
        Assert.Contains("huge.png", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Dimensions_within_the_pixel_limit_but_without_the_data_are_refused()
    {
        // 10000x10000 is under PIL's limit, but one tiny IDAT cannot inflate to 300 MB.
        var png = PngTestFiles.Build(10_000, 10_000, 8, 2, 0, [[0, 1, 2, 3]]);
        var e = Assert.Throws<InvalidInputException>(() => PngDecoder.Decode(png, "big.png"));
        Assert.Contains("truncated", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Custom_pixel_limit_is_enforced()
    {
        var e = Assert.Throws<InvalidInputException>(() => PngDecoder.Decode(Small.Value, "s.png", new DecodeLimits { MaxPixels = 100 }));
        Assert.Contains("MaxPixels", e.Message, StringComparison.Ordinal);
    }

    private static int FindChunk(byte[] png, string type)
    {
        var at = 8;
        while (at + 8 <= png.Length)
        {
            var length = BinaryPrimitives.ReadInt32BigEndian(png.AsSpan(at));
            if (System.Text.Encoding.ASCII.GetString(png, at + 4, 4) == type)
            {
                return at;
            }

            at += 12 + length;
        }

        throw new InvalidOperationException(type + " not found");
    }

    private static void FixCrc(byte[] png, int chunkStart, int length)
    {
        var crc = 0xFFFFFFFFu;
        for (var i = chunkStart + 4; i < chunkStart + 8 + length; i++)
        {
            crc ^= png[i];
            for (var k = 0; k < 8; k++)
            {
                crc = (crc & 1) != 0 ? (crc >> 1) ^ 0xEDB88320u : crc >> 1;
            }
        }

        BinaryPrimitives.WriteUInt32BigEndian(png.AsSpan(chunkStart + 8 + length), ~crc);
    }
}
