using System.Buffers.Binary;
using System.IO.Compression;
using RobustGate.Engine.IO;

namespace RobustGate.Engine.Tests.IO;

public class IdxFileTests
{
    private static IdxArray SmallImages() =>
        new([3, 2, 4], Enumerable.Range(0, 24).Select(i => (byte)(i * 10)).ToArray());

    private static byte[] Gzip(byte[] raw)
    {
        using var output = new MemoryStream();
        using (var gzip = new GZipStream(output, CompressionLevel.Optimal, leaveOpen: true))
        {
            gzip.Write(raw);
        }

        return output.ToArray();
    }

    private static byte[] Raw(IdxArray array)
    {
        using var stream = new MemoryStream();
        IdxFile.WriteTo(stream, array);
        return stream.ToArray();
    }

    [Fact]
    public void Raw_and_gzip_files_round_trip()
    {
        using var dir = new TemporaryDirectory();
        var images = SmallImages();
        IdxFile.Write(dir.File("images-idx3-ubyte"), images);
        IdxFile.Write(dir.File("images-idx3-ubyte.gz"), images, gzip: true);
        IdxFile.Write(dir.File("labels"), new IdxArray([3], [7, 0, 9]), gzip: true);

        foreach (string name in new[] { "images-idx3-ubyte", "images-idx3-ubyte.gz" })
        {
            var read = IdxFile.ReadImages(dir.File(name));
            Assert.Equal([3, 2, 4], read.Shape);
            Assert.Equal(images.Data, read.Data);
        }

        Assert.Equal([0x1f, 0x8b], File.ReadAllBytes(dir.File("labels"))[..2]);
        Assert.Equal([7, 0, 9], IdxFile.ReadLabels(dir.File("labels")).Data);
        var error = Assert.Throws<InvalidInputException>(() => IdxFile.ReadLabels(dir.File("images-idx3-ubyte")));
        Assert.Contains("1 dimension", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Header_matches_the_published_format()
    {
        byte[] raw = Raw(new IdxArray([2], [5, 6]));
        Assert.Equal([0, 0, 8, 1, 0, 0, 0, 2, 5, 6], raw);
    }

    [Fact]
    public void Truncation_at_every_offset_is_an_input_error_raw_and_gzip()
    {
        byte[] raw = Raw(SmallImages());
        byte[] gzip = Gzip(raw);
        Assert.Equal(SmallImages().Data, IdxFile.Parse(gzip, "full").Data);
        foreach (byte[] full in new[] { raw, gzip })
        {
            for (int length = 0; length < full.Length; length++)
            {
                var error = Assert.Throws<InvalidInputException>(() => IdxFile.Parse(full[..length], "cut.idx"));
                Assert.StartsWith("cut.idx: ", error.Message, StringComparison.Ordinal);
            }
        }
    }

    [Fact]
    public void Fuzzed_headers_are_input_errors_without_huge_allocations()
    {
        byte[] raw = Raw(SmallImages());
        var random = new Random(5);
        long before = GC.GetAllocatedBytesForCurrentThread();
        for (int trial = 0; trial < 2000; trial++)
        {
            byte[] fuzzed = (byte[])raw.Clone();
            for (int k = 0, n = random.Next(1, 4); k < n; k++)
            {
                fuzzed[random.Next(16)] = (byte)random.Next(256);
            }

            if (trial % 4 == 0)
            {
                // Plausible magic with enormous sizes, also through gzip where the length is unknown.
                fuzzed[0] = 0;
                fuzzed[1] = 0;
                fuzzed[2] = 8;
                fuzzed[3] = 3;
                BinaryPrimitives.WriteInt32BigEndian(fuzzed.AsSpan(4), random.Next());
                fuzzed = Gzip(fuzzed);
            }

            try
            {
                IdxFile.Parse(fuzzed, "fuzz");
            }
            catch (InvalidInputException)
            {
            }
        }

        // 2000 parses of tiny inputs: 500 MB would mean buffers sized from fuzzed headers.
        Assert.True(GC.GetAllocatedBytesForCurrentThread() - before < 500_000_000);
    }

    [Theory]
    [InlineData(new byte[] { 1, 0, 8, 1, 0, 0, 0, 1, 0 }, "expected 00 00")]
    [InlineData(new byte[] { 0, 0, 13, 1, 0, 0, 0, 1, 0, 0, 0, 0 }, "type 0x0d")]
    [InlineData(new byte[] { 0, 0, 8, 0 }, "0 dimensions")]
    [InlineData(new byte[] { 0, 0, 8, 1, 255, 0, 0, 1 }, "negative size")]
    [InlineData(new byte[] { 0, 0, 8, 1, 0, 0, 0, 2, 1 }, "needs 2 data bytes, but the file has 1")]
    [InlineData(new byte[] { 0, 0, 8, 1, 0, 0, 0, 1, 1, 2 }, "needs 1 data bytes, but the file has 2")]
    public void Malformed_files_say_what_is_wrong(byte[] bytes, string expected)
    {
        var error = Assert.Throws<InvalidInputException>(() => IdxFile.Parse(bytes, "bad.idx"));
        Assert.Contains(expected, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Gzip_with_trailing_data_is_an_input_error()
    {
        byte[] raw = [.. Raw(new IdxArray([1], [4])), 9];
        var error = Assert.Throws<InvalidInputException>(() => IdxFile.Parse(Gzip(raw), "extra.gz"));
        Assert.Contains("past the 1 bytes", error.Message, StringComparison.Ordinal);
    }

    [FashionMnistFact]
    public void Reads_the_real_fashion_mnist_test_split()
    {
        var images = IdxFile.ReadImages(Path.Combine(FashionMnistFactAttribute.Directory, "t10k-images-idx3-ubyte.gz"));
        var labels = IdxFile.ReadLabels(Path.Combine(FashionMnistFactAttribute.Directory, "t10k-labels-idx1-ubyte.gz"));
        Assert.Equal([10000, 28, 28], images.Shape);
        Assert.Equal(10000, labels.Data.Length);
        Assert.All(labels.Data, l => Assert.InRange(l, 0, 9));
        Assert.Equal(1000, labels.Data.Count(l => l == 3));
    }
}
