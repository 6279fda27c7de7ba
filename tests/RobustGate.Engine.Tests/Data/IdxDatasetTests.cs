using System.Diagnostics;
using RobustGate.Engine.Data;
using RobustGate.Engine.IO;
using RobustGate.Engine.Tests.IO;
using Xunit.Abstractions;

namespace RobustGate.Engine.Tests.Data;

public class IdxDatasetTests(ITestOutputHelper output)
{
    private static void WriteSplit(string dir, string prefix, byte[] labels, bool gzip)
    {
        var pixels = new byte[labels.Length * 4 * 3];
        for (int i = 0; i < pixels.Length; i++)
        {
            pixels[i] = (byte)(i * 7);
        }

        string suffix = gzip ? ".gz" : string.Empty;
        IdxFile.Write(Path.Combine(dir, $"{prefix}-images-idx3-ubyte{suffix}"), new IdxArray([labels.Length, 4, 3], pixels), gzip);
        IdxFile.Write(Path.Combine(dir, $"{prefix}-labels-idx1-ubyte{suffix}"), new IdxArray([labels.Length], labels), gzip);
    }

    [Fact]
    public void Reads_raw_and_gzip_names_and_fills_batches()
    {
        using var dir = new TemporaryDirectory();
        WriteSplit(dir.Path, "t10k", [3, 1, 4], gzip: false);
        WriteSplit(dir.Path, "train", [1, 5, 9, 2, 6], gzip: true);
        var test = IdxDataset.Mnist(dir.Path);
        var train = IdxDataset.Mnist(dir.Path, DatasetSplit.Train);
        Assert.Equal(3, test.Count);
        Assert.Equal(5, train.Count);
        Assert.Equal("mnist/train", train.Name);
        Assert.Equal(new ImageShape(1, 4, 3), test.Shape);
        var (image, label) = test.Get(1);
        Assert.Equal(1, label);
        Assert.Equal((3, 4, 1), (image.Width, image.Height, image.Channels));
        Assert.Equal(Enumerable.Range(12, 12).Select(i => (byte)(i * 7)), image.Pixels);

        var batch = new float[2 * 12];
        var labels = new int[2];
        test.FillBatch([2, 1], test.Shape!.Value, batch, labels);
        Assert.Equal([4, 3 - 2], labels);
        Assert.Equal((byte)(24 * 7) / 255f, batch[0]);
        Assert.Equal((byte)(12 * 7) / 255f, batch[12]);
        Assert.Matches("^[0-9a-f]{64}$", test.ContentHash());
        Assert.NotEqual(test.ContentHash(), train.ContentHash());
    }

    [Fact]
    public void Missing_files_and_bad_labels_name_the_path()
    {
        using var dir = new TemporaryDirectory();
        var error = Assert.Throws<InvalidInputException>(() => IdxDataset.Mnist(dir.Path));
        Assert.Contains("t10k-images-idx3-ubyte", error.Message, StringComparison.Ordinal);
        Assert.Equal(dir.Path, error.File);
        WriteSplit(dir.Path, "t10k", [3, 10], gzip: false);
        error = Assert.Throws<InvalidInputException>(() => IdxDataset.Mnist(dir.Path));
        Assert.Contains("label 1 is 10", error.Message, StringComparison.Ordinal);
        Assert.Throws<InvalidInputException>(() => IdxDataset.Mnist(Path.Combine(dir.Path, "absent")));
    }

    [FashionMnistFact]
    public void Real_fashion_mnist_has_the_published_sizes()
    {
        var watch = Stopwatch.StartNew();
        var train = IdxDataset.FashionMnist(split: DatasetSplit.Train);
        output.WriteLine($"train split loaded in {watch.ElapsedMilliseconds} ms");
        var test = IdxDataset.FashionMnist();
        Assert.Equal(60000, train.Count);
        Assert.Equal(10000, test.Count);
        Assert.Equal(new ImageShape(1, 28, 28), train.Shape);
        Assert.Equal("Ankle boot", train.ClassNames[9]);
        Assert.All(train.Labels.GroupBy(l => l), g => Assert.Equal(6000, g.Count()));
        Assert.All(test.Labels.GroupBy(l => l), g => Assert.Equal(1000, g.Count()));
        Assert.Equal(9, test.Labels[0]);
        watch.Restart();
        output.WriteLine($"test hash {test.ContentHash()} in {watch.ElapsedMilliseconds} ms");
    }
}
