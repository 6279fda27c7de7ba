using RobustGate.Engine.Data;
using RobustGate.Engine.IO;
using RobustGate.Engine.Tests.IO;

namespace RobustGate.Engine.Tests.Data;

public class Cifar10CDatasetTests
{
    /// <summary>10 images (2 per severity); image n is filled with byte n*10+channel.</summary>
    private static void WriteSet(string dir)
    {
        var pixels = new byte[10 * 32 * 32 * 3];
        for (int n = 0; n < 10; n++)
        {
            for (int p = 0; p < 1024; p++)
            {
                for (int c = 0; c < 3; c++)
                {
                    pixels[(((n * 1024) + p) * 3) + c] = (byte)((n * 10) + c);
                }
            }
        }

        NpyFile.Write(Path.Combine(dir, "fog.npy"), pixels, 10, 32, 32, 3);
        NpyFile.Write(Path.Combine(dir, "labels.npy"), Enumerable.Range(0, 10).Select(i => (long)(9 - i)).ToArray(), 10);
    }

    [Fact]
    public void Reads_the_severity_block()
    {
        using var dir = new TemporaryDirectory();
        WriteSet(dir.Path);
        var data = new Cifar10CDataset(dir.Path, "fog", 3);
        Assert.Equal("cifar10-c/fog/3", data.Name);
        Assert.Equal(2, data.Count);
        Assert.Equal([5, 4], data.Labels);
        Assert.Equal([40, 41, 42], data.Get(0).Image.Pixels[..3]);
        var batch = new float[2 * 3072];
        var labels = new int[2];
        data.FillBatch([1, 0], data.Shape!.Value, batch, labels);
        Assert.Equal([4, 5], labels);
        Assert.Equal(50 / 255f, batch[0]);
        Assert.Equal(51 / 255f, batch[1024]);
        Assert.Equal(42 / 255f, batch[3072 + 2048]);
        Assert.Equal(["fog"], Cifar10CDataset.AvailableCorruptions(dir.Path));
        Assert.NotEqual(data.ContentHash(), new Cifar10CDataset(dir.Path, "fog", 4).ContentHash());
    }

    [Fact]
    public void Bad_sets_are_input_or_configuration_errors()
    {
        using var dir = new TemporaryDirectory();
        WriteSet(dir.Path);
        var error = Assert.Throws<InvalidInputException>(() => new Cifar10CDataset(dir.Path, "snow", 1));
        Assert.Contains("available: fog", error.Message, StringComparison.Ordinal);
        Assert.Throws<ConfigurationException>(() => new Cifar10CDataset(dir.Path, "fog", 6));
        NpyFile.Write(Path.Combine(dir.Path, "frost.npy"), new byte[7 * 3072], 7, 32, 32, 3);
        Assert.Contains("multiple of 5", Assert.Throws<InvalidInputException>(() => new Cifar10CDataset(dir.Path, "frost", 1)).Message, StringComparison.Ordinal);
        NpyFile.Write(Path.Combine(dir.Path, "labels.npy"), new long[9], 9);
        Assert.Contains("labels.npy", Assert.Throws<InvalidInputException>(() => new Cifar10CDataset(dir.Path, "fog", 1)).Message, StringComparison.Ordinal);
    }
}
