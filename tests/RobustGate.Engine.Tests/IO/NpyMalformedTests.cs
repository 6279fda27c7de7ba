using System.Buffers.Binary;
using System.Text;
using RobustGate.Engine.IO;

namespace RobustGate.Engine.Tests.IO;

public class NpyMalformedTests
{
    private static byte[] WithHeader(string dict, int dataBytes, byte major = 1)
    {
        byte[] text = Encoding.ASCII.GetBytes(dict + "\n");
        int prefix = major == 1 ? 10 : 12;
        var file = new byte[prefix + text.Length + dataBytes];
        new byte[] { 0x93, (byte)'N', (byte)'U', (byte)'M', (byte)'P', (byte)'Y', major, 0 }.CopyTo(file, 0);
        if (major == 1)
        {
            BinaryPrimitives.WriteUInt16LittleEndian(file.AsSpan(8), (ushort)text.Length);
        }
        else
        {
            BinaryPrimitives.WriteUInt32LittleEndian(file.AsSpan(8), (uint)text.Length);
        }

        text.CopyTo(file, prefix);
        return file;
    }

    [Fact]
    public void Truncation_at_every_offset_is_an_input_error()
    {
        byte[] full = File.ReadAllBytes(IoTestData.Path("i8_4.npy"));
        Assert.Equal(4, NpyFile.Parse(full, "full").ElementCount);
        for (int length = 0; length < full.Length; length++)
        {
            var error = Assert.Throws<InvalidInputException>(() => NpyFile.Parse(full[..length], "cut.npy"));
            Assert.StartsWith("cut.npy: ", error.Message, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void Truncated_file_on_disk_names_the_path()
    {
        using var dir = new TemporaryDirectory();
        string path = dir.File("cut.npy");
        File.WriteAllBytes(path, File.ReadAllBytes(IoTestData.Path("i8_4.npy"))[..150]);
        var error = Assert.Throws<InvalidInputException>(() => NpyFile.Read(path));
        Assert.Equal(path, error.File);
        Assert.Contains("needs 32 data bytes, but the file has 22", error.Message, StringComparison.Ordinal);
        Assert.Throws<InvalidInputException>(() => NpyFile.ReadHeader(dir.File("absent.npy")));
    }

    [Fact]
    public void Fuzzed_files_are_input_errors_without_huge_allocations()
    {
        byte[] valid = File.ReadAllBytes(IoTestData.Path("f4_3x4.npy"));
        var random = new Random(77);
        long before = GC.GetAllocatedBytesForCurrentThread();
        for (int trial = 0; trial < 3000; trial++)
        {
            byte[] fuzzed = (byte[])valid.Clone();
            if (trial % 2 == 0)
            {
                for (int k = 0, n = random.Next(1, 6); k < n; k++)
                {
                    fuzzed[random.Next(fuzzed.Length)] = (byte)random.Next(256);
                }
            }
            else
            {
                // Random header text behind a valid magic, with a random declared length.
                random.NextBytes(fuzzed.AsSpan(6));
                fuzzed[6] = (byte)random.Next(1, 4);
                fuzzed[7] = 0;
            }

            try
            {
                NpyFile.Parse(fuzzed, "fuzz");
            }
            catch (InvalidInputException)
            {
            }
        }

        // 3000 parses of 176-byte inputs; 200 MB would mean an allocation sized from a fuzzed header.
        Assert.True(GC.GetAllocatedBytesForCurrentThread() - before < 200_000_000);
    }

    [Theory]
    [InlineData("{'descr': '<f4', 'fortran_order': False, 'shape': (2,), }", 4, "needs 8 data bytes")]
    [InlineData("{'descr': '<c8', 'fortran_order': False, 'shape': (1,), }", 8, "'descr' is '<c8'")]
    [InlineData("{'descr': '<f4', 'shape': (1,), }", 4, "'fortran_order'")]
    [InlineData("{'descr': '<f4', 'fortran_order': False, }", 4, "'shape'")]
    [InlineData("{'descr': '<f4', 'fortran_order': False, 'shape': (1,), 'x': 1}", 4, "malformed")]
    [InlineData("{'descr': '<f4', 'fortran_order': False, 'shape': (1,), 'x': True}", 4, "unexpected key 'x'")]
    [InlineData("{'descr': '<f4', 'fortran_order': False, 'shape': (-1,), }", 4, "malformed")]
    [InlineData("{'descr': '<f4', 'fortran_order': False, 'shape': (99999999999,), }", 4, "larger than")]
    [InlineData("{'descr': '<f4', 'fortran_order': False, 'shape': (65536, 65536, 65536, 65536, 65536), }", 4, "needs")]
    [InlineData("{'descr': '<f4' 'fortran_order': False}", 4, "expected '}'")]
    [InlineData("{'descr': '<f4', 'fortran_order': False, 'shape': (1,), } junk", 4, "unexpected text")]
    [InlineData("{'descr': '<f4', 'descr': '<f4', 'fortran_order': False, 'shape': (1,), }", 4, "twice")]
    public void Malformed_headers_say_what_is_wrong(string dict, int dataBytes, string expected)
    {
        var error = Assert.Throws<InvalidInputException>(() => NpyFile.Parse(WithHeader(dict, dataBytes), "bad.npy"));
        Assert.Contains(expected, error.Message, StringComparison.Ordinal);
        Assert.StartsWith("bad.npy: ", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Bad_magic_version_and_length_are_input_errors()
    {
        byte[] valid = WithHeader("{'descr': '<f4', 'fortran_order': False, 'shape': (1,), }", 4);
        byte[] magic = (byte[])valid.Clone();
        magic[1] = (byte)'X';
        Assert.Contains("magic", Assert.Throws<InvalidInputException>(() => NpyFile.Parse(magic, "m")).Message, StringComparison.Ordinal);
        byte[] version = (byte[])valid.Clone();
        version[6] = 4;
        Assert.Contains("version 4.0", Assert.Throws<InvalidInputException>(() => NpyFile.Parse(version, "v")).Message, StringComparison.Ordinal);
        byte[] huge = WithHeader("{}", 0, major: 2);
        BinaryPrimitives.WriteUInt32LittleEndian(huge.AsSpan(8), uint.MaxValue);
        Assert.Contains("exceeds the limit", Assert.Throws<InvalidInputException>(() => NpyFile.Parse(huge, "h")).Message, StringComparison.Ordinal);
        Assert.NotNull(NpyFile.Parse(WithHeader("{'descr': '<f4', 'fortran_order': False, 'shape': (1,), }", 4, major: 3), "v3"));
    }
}
