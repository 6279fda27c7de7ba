using System.Buffers.Binary;
using System.Text;
using RobustGate.Engine.IO;

namespace RobustGate.Engine.Tests.IO;

public class SafeTensorsMalformedTests
{
    private static byte[] SmallFile() => new SafeTensorsWriter()
        .Add("w", [1f, 2f, 3f, 4f], [2, 2])
        .Add("n", [7L], [])
        .Add("h", [0.5f, 0.25f], [2], SafeTensorDType.F16)
        .AddMetadata("case", "small")
        .ToArray();

    private static byte[] WithHeader(string json, int dataBytes)
    {
        byte[] header = Encoding.UTF8.GetBytes(json);
        var file = new byte[8 + header.Length + dataBytes];
        BinaryPrimitives.WriteUInt64LittleEndian(file, (ulong)header.Length);
        header.CopyTo(file, 8);
        return file;
    }

    [Fact]
    public void Truncation_at_every_offset_is_an_input_error()
    {
        byte[] full = SmallFile();
        Assert.Equal(3, SafeTensorsFile.Parse(full, "full").Names.Count);
        for (int length = 0; length < full.Length; length++)
        {
            byte[] cut = full[..length];
            var error = Assert.Throws<InvalidInputException>(() => SafeTensorsFile.Parse(cut, "cut.safetensors"));
            Assert.StartsWith("cut.safetensors: ", error.Message, StringComparison.Ordinal);
            Assert.Equal(ExitCodes.BadInput, error.ExitCode);
        }
    }

    [Fact]
    public void Truncated_file_on_disk_names_the_path()
    {
        using var dir = new TemporaryDirectory();
        string path = dir.File("cut.safetensors");
        File.WriteAllBytes(path, SmallFile()[..20]);
        var error = Assert.Throws<InvalidInputException>(() => SafeTensorsFile.Read(path));
        Assert.Equal(path, error.File);
        Assert.Contains("past the end", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Missing_file_is_an_input_error()
    {
        using var dir = new TemporaryDirectory();
        var error = Assert.Throws<InvalidInputException>(() => SafeTensorsFile.Read(dir.File("absent.safetensors")));
        Assert.Contains("absent.safetensors", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Fuzzed_files_are_input_errors_without_huge_allocations()
    {
        byte[] valid = SmallFile();
        var random = new Random(20261122);
        long before = GC.GetAllocatedBytesForCurrentThread();
        for (int trial = 0; trial < 3000; trial++)
        {
            byte[] fuzzed = (byte[])valid.Clone();
            switch (trial % 3)
            {
                case 0:
                    // Random bytes anywhere, header length included.
                    for (int k = 0, n = random.Next(1, 6); k < n; k++)
                    {
                        fuzzed[random.Next(fuzzed.Length)] = (byte)random.Next(256);
                    }

                    break;
                case 1:
                    // A random header length, often enormous.
                    BinaryPrimitives.WriteUInt64LittleEndian(fuzzed, (ulong)random.NextInt64() << random.Next(0, 8));
                    break;
                default:
                    // Entirely random content of a random size.
                    fuzzed = new byte[random.Next(0, 200)];
                    random.NextBytes(fuzzed);
                    break;
            }

            try
            {
                SafeTensorsFile.Parse(fuzzed, "fuzz");
            }
            catch (InvalidInputException)
            {
            }
        }

        // 3000 parses of sub-kilobyte inputs; 200 MB would mean something allocated from a fuzzed size.
        Assert.True(GC.GetAllocatedBytesForCurrentThread() - before < 200_000_000);
    }

    [Theory]
    [InlineData("[]", 0, "does not start with '{'")]
    [InlineData("{\"a\":1}", 0, "entry must be an object")]
    [InlineData("{\"\\udc00\":{}}", 0, "not valid Unicode")]
    [InlineData("{\"a\":", 0, "not valid JSON")]
    [InlineData("{\"a\":{\"dtype\":\"F8\",\"shape\":[1],\"data_offsets\":[0,1]}}", 1, "unknown dtype 'F8'")]
    [InlineData("{\"a\":{\"shape\":[1],\"data_offsets\":[0,4]}}", 4, "'dtype'")]
    [InlineData("{\"a\":{\"dtype\":\"F32\",\"data_offsets\":[0,4]}}", 4, "'shape'")]
    [InlineData("{\"a\":{\"dtype\":\"F32\",\"shape\":[1]}}", 4, "'data_offsets'")]
    [InlineData("{\"a\":{\"dtype\":\"F32\",\"shape\":[-1],\"data_offsets\":[0,4]}}", 4, "shape[0]")]
    [InlineData("{\"a\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[0,4]}}", 4, "needs 8 bytes")]
    [InlineData("{\"a\":{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[4,0]}}", 4, "end before")]
    [InlineData("{\"a\":{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[0,4]}}", 8, "cover 4 bytes but the data section has 8")]
    [InlineData("{\"a\":{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[4,8]}}", 8, "gap")]
    [InlineData("{\"a\":{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[0,4]},\"b\":{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[0,4]}}", 4, "overlap")]
    [InlineData("{\"a\":{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[0,4]}}", 0, "past the end of the data section")]
    [InlineData("{\"a\":{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[0,4]},\"a\":{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[4,8]}}", 8, "twice")]
    [InlineData("{\"__metadata__\":{\"k\":1}}", 0, "must be a string")]
    [InlineData("{\"__metadata__\":[]}", 0, "object of strings")]
    [InlineData("{\"a\":{\"dtype\":\"F32\",\"shape\":[65536,65536,65536,65536,65536],\"data_offsets\":[0,4]}}", 4, "needs")]
    [InlineData("{\"a\":{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[0,4],\"x\":1}}", 4, "unexpected field 'x'")]
    public void Malformed_headers_say_what_is_wrong(string json, int dataBytes, string expected)
    {
        var error = Assert.Throws<InvalidInputException>(() => SafeTensorsFile.Parse(WithHeader(json, dataBytes), "bad.safetensors"));
        Assert.Contains(expected, error.Message, StringComparison.Ordinal);
        Assert.StartsWith("bad.safetensors: ", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Header_length_over_the_limit_is_refused_before_reading()
    {
        var file = new byte[16];
        BinaryPrimitives.WriteUInt64LittleEndian(file, ulong.MaxValue);
        var error = Assert.Throws<InvalidInputException>(() => SafeTensorsFile.Parse(file, "big"));
        Assert.Contains("exceeds the limit", error.Message, StringComparison.Ordinal);
    }
}
