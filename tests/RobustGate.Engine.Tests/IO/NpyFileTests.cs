using RobustGate.Engine.IO;
using RobustGate.Engine.Tests.TestSupport;

namespace RobustGate.Engine.Tests.IO;

public class NpyFileTests
{
    private static readonly float[] Ramp = [-0.5f, -0.375f, -0.25f, -0.125f, 0f, 0.125f, 0.25f, 0.375f, 0.5f, 0.625f, 0.75f, 0.875f];

    [Theory]
    [InlineData("f4_3x4.npy")]
    [InlineData("f4_v2.npy")]
    [InlineData("f4_v3.npy")]
    public void Reads_numpy_float32_in_every_header_version(string name)
    {
        var array = NpyFile.Read(IoTestData.Path(name));
        Assert.Equal(NpyDType.Float32, array.DType);
        Assert.Equal([3, 4], array.Shape);
        Assert.Equal(Ramp, array.ToFloat32());
    }

    [Fact]
    public void Reads_numpy_files_of_every_dtype()
    {
        Assert.Equal([0.1, -2.5, 1e300, 3.0, -0.0], NpyFile.Read(IoTestData.Path("f8_5.npy")).ToFloat64());
        var bytes = NpyFile.Read(IoTestData.Path("u1_2x2x3.npy"));
        Assert.Equal([2, 2, 3], bytes.Shape);
        Assert.Equal(Enumerable.Range(0, 12).Select(i => (byte)(i * 20)), bytes.ToUInt8());
        Assert.Equal([-(1L << 62), -1, 0, 1L << 40], NpyFile.Read(IoTestData.Path("i8_4.npy")).ToInt64());
        Assert.Equal([-7L, 8, int.MaxValue, int.MinValue], NpyFile.Read(IoTestData.Path("i4_2x2.npy")).ToInt64());
        var flags = NpyFile.Read(IoTestData.Path("b1_3.npy"));
        Assert.Equal(NpyDType.Bool, flags.DType);
        Assert.Equal([1L, 0, 1], flags.ToInt64());
        var scalar = NpyFile.Read(IoTestData.Path("f4_scalar.npy"));
        Assert.Empty(scalar.Shape);
        Assert.Equal([2.5f], scalar.ToFloat32());
        var empty = NpyFile.Read(IoTestData.Path("f4_empty.npy"));
        Assert.Equal([0, 3], empty.Shape);
        Assert.Equal(0, empty.ElementCount);
    }

    [Fact]
    public void Fortran_order_and_big_endian_are_clear_errors()
    {
        string fortran = IoTestData.Path("f4_fortran.npy");
        var error = Assert.Throws<InvalidInputException>(() => NpyFile.Read(fortran));
        Assert.Contains("Fortran order", error.Message, StringComparison.Ordinal);
        Assert.Equal(fortran, error.File);
        error = Assert.Throws<InvalidInputException>(() => NpyFile.Read(IoTestData.Path("f4_bigendian.npy")));
        Assert.Contains("'>f4'", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Writer_output_equals_numpys_bytes()
    {
        byte[] numpy = File.ReadAllBytes(IoTestData.Path("f4_3x4.npy"));
        Assert.Equal(numpy, NpyFile.ToArray(NpyArray.FromFloat32(Ramp, 3, 4)));
        byte[] numpyBytes = File.ReadAllBytes(IoTestData.Path("u1_2x2x3.npy"));
        Assert.Equal(numpyBytes, NpyFile.ToArray(NpyArray.FromUInt8(Enumerable.Range(0, 12).Select(i => (byte)(i * 20)).ToArray(), 2, 2, 3)));
    }

    [Fact]
    public void Written_dtypes_round_trip()
    {
        using var dir = new TemporaryDirectory();
        NpyFile.Write(dir.File("f.npy"), Ramp, 2, 6);
        NpyFile.Write(dir.File("d.npy"), [1.0 / 3, double.MaxValue], 2);
        NpyFile.Write(dir.File("b.npy"), [1, 2, 3, 255], 4, 1);
        NpyFile.Write(dir.File("l.npy"), [long.MinValue, long.MaxValue], 2);
        NpyFile.Write(dir.File("s.npy"), [7f]);
        var f = NpyFile.Read(dir.File("f.npy"));
        Assert.Equal([2, 6], f.Shape);
        Assert.Equal(Ramp, f.ToFloat32());
        Assert.Equal([1.0 / 3, double.MaxValue], NpyFile.Read(dir.File("d.npy")).ToFloat64());
        Assert.Equal([4, 1], NpyFile.Read(dir.File("b.npy")).Shape);
        Assert.Equal([1, 2, 3, 255], NpyFile.Read(dir.File("b.npy")).ToUInt8());
        Assert.Equal([long.MinValue, long.MaxValue], NpyFile.Read(dir.File("l.npy")).ToInt64());
        Assert.Empty(NpyFile.Read(dir.File("s.npy")).Shape);
        Assert.Equal(5, Directory.GetFiles(dir.Path).Length);
    }

    [Fact]
    public void Header_and_slices_read_part_of_a_file()
    {
        string path = IoTestData.Path("u1_2x2x3.npy");
        var header = NpyFile.ReadHeader(path);
        Assert.Equal(NpyDType.UInt8, header.DType);
        Assert.Equal(128, header.DataOffset);
        var slice = new byte[6];
        NpyFile.ReadBytes(path, header, 6, slice);
        Assert.Equal([120, 140, 160, 180, 200, 220], slice);
        Assert.Throws<ArgumentOutOfRangeException>(() => NpyFile.ReadBytes(path, header, 7, new byte[6]));
    }

    [Fact]
    public void Reads_the_imaging_reference_arrays()
    {
        // Sums printed by numpy from the same files.
        var source = NpyFile.Read(SharedData.Path("ref", "imaging", "png", "astronaut_source.npy"));
        Assert.Equal([320, 320, 3], source.Shape);
        byte[] pixels = source.ToUInt8();
        Assert.Equal([148, 142, 147, 86], pixels[..4]);
        Assert.Equal(35206872L, pixels.Sum(p => (long)p));
        var gray16 = NpyFile.Read(SharedData.Path("ref", "imaging", "png", "camera_I16.npy"));
        Assert.Equal(NpyDType.Int32, gray16.DType);
        Assert.Equal(3396449549L, gray16.ToInt64().Sum());
        foreach (string path in Directory.EnumerateFiles(SharedData.Path("ref", "imaging", "png"), "*.npy"))
        {
            Assert.True(NpyFile.Read(path).ElementCount > 0, path);
        }
    }
}
