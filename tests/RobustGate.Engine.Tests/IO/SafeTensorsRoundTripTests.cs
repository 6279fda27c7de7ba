using System.Buffers.Binary;
using System.Text;
using RobustGate.Engine.IO;

namespace RobustGate.Engine.Tests.IO;

public class SafeTensorsRoundTripTests
{
    [Fact]
    public void Every_dtype_round_trips_through_a_file()
    {
        using var dir = new TemporaryDirectory();
        float[] floats = [0f, -1.5f, 3.25f, 65504f, -0.0009765625f, 1e-3f];
        float[] halfExact = [0f, -1.5f, 3.25f, 65504f, -0.0009765625f, 0.5f];
        float[] bf16Exact = [0f, -1.5f, 3.25f, 65536f, -0.0009765625f, 0.5f];
        long[] longs = [long.MinValue, -1, 0, 1, long.MaxValue, 42];
        int[] ints = [int.MinValue, -1, 0, 7];
        byte[] bytes = [0, 1, 128, 255];
        byte[] bools = [0, 1, 1, 0];
        var writer = new SafeTensorsWriter()
            .Add("f32", floats, [2, 3])
            .Add("f16", halfExact, [6], SafeTensorDType.F16)
            .Add("bf16", bf16Exact, [3, 2], SafeTensorDType.BF16)
            .Add("f64", floats, [6], SafeTensorDType.F64)
            .Add("i64", longs, [6])
            .Add("i32", ints, [2, 2])
            .Add("u8", bytes, [4])
            .Add("bool", bools, [4], SafeTensorDType.Bool)
            .Add("scalar", [2.5f], [])
            .Add("empty", ReadOnlySpan<float>.Empty, [0, 3])
            .AddMetadata("format", "pt")
            .AddMetadata("case", "{\"x\": 1}");
        string path = dir.File("all.safetensors");
        writer.Save(path);

        var file = SafeTensorsFile.Read(path);
        Assert.Equal(["bf16", "bool", "empty", "f16", "f32", "f64", "i32", "i64", "scalar", "u8"], file.Names);
        Assert.Equal("pt", file.Metadata["format"]);
        Assert.Equal("{\"x\": 1}", file.Metadata["case"]);
        Assert.Equal(floats, file.Get("f32").ToFloat32());
        Assert.Equal([2, 3], file.Get("f32").Shape);
        Assert.Equal(halfExact, file.Get("f16").ToFloat32());
        Assert.Equal(bf16Exact, file.Get("bf16").ToFloat32());
        Assert.Equal(floats, file.Get("f64").ToFloat32());
        Assert.Equal(longs, file.Get("i64").ToInt64());
        Assert.Equal(ints.Select(i => (long)i), file.Get("i32").ToInt64());
        Assert.Equal(bytes.Select(b => (long)b), file.Get("u8").ToInt64());
        Assert.Equal([0f, 1f, 1f, 0f], file.Get("bool").ToFloat32());
        Assert.Equal([2.5f], file.Get("scalar").ToFloat32());
        Assert.Empty(file.Get("empty").ToFloat32());
        Assert.Equal([0, 3], file.Get("empty").Shape);
        Assert.Single(Directory.GetFiles(dir.Path));
    }

    [Fact]
    public void F16_and_BF16_round_to_nearest_even()
    {
        // 1 + 2^-11 is halfway between two F16 values and rounds to 1 (even); 1 + 3*2^-11 rounds up.
        // 1 + 2^-8 is halfway for BF16 and rounds to 1; 1 + 3*2^-8 rounds up to 1 + 2^-6.
        var writer = new SafeTensorsWriter()
            .Add("h", [1f + (1f / 2048), 1f + (3f / 2048)], [2], SafeTensorDType.F16)
            .Add("b", [1f + (1f / 256), 1f + (3f / 256), float.NaN], [3], SafeTensorDType.BF16);
        var file = SafeTensorsFile.Parse(writer.ToArray(), "memory");
        Assert.Equal([1f, 1f + (1f / 512)], file.Get("h").ToFloat32());
        float[] b = file.Get("b").ToFloat32();
        Assert.Equal(1f, b[0]);
        Assert.Equal(1f + (1f / 64), b[1]);
        Assert.True(float.IsNaN(b[2]));
    }

    [Fact]
    public void Output_is_deterministic_sorted_and_padded()
    {
        byte[] first = new SafeTensorsWriter().Add("b", [1f], [1]).Add("a", [2L], [1]).AddMetadata("z", "1").AddMetadata("k", "2").ToArray();
        byte[] second = new SafeTensorsWriter().AddMetadata("k", "2").Add("a", [2L], [1]).AddMetadata("z", "1").Add("b", [1f], [1]).ToArray();
        Assert.Equal(first, second);

        ulong headerLength = BinaryPrimitives.ReadUInt64LittleEndian(first);
        Assert.Equal(0UL, headerLength % 8);
        string header = Encoding.UTF8.GetString(first, 8, (int)headerLength);
        Assert.StartsWith("{\"__metadata__\":{\"k\":\"2\",\"z\":\"1\"},\"a\":", header, StringComparison.Ordinal);
        Assert.Equal(header.TrimEnd(' ').Length + (header.Length - header.TrimEnd(' ').Length), header.Length);
        Assert.EndsWith("}", header.TrimEnd(' '), StringComparison.Ordinal);
        Assert.Equal(first.Length, 8 + (int)headerLength + 8 + 4);
    }

    [Fact]
    public void Writer_rejects_shape_mismatch()
    {
        var writer = new SafeTensorsWriter();
        Assert.Throws<ArgumentException>(() => writer.Add("x", [1f, 2f, 3f], [2, 2]));
        Assert.Throws<ArgumentException>(() => writer.Add("__metadata__", [1f], [1]));
        Assert.Throws<ArgumentException>(() => writer.Add("x", [2], [1], SafeTensorDType.Bool));
    }
}
