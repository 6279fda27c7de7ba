using RobustGate.Engine.Data;
using RobustGate.Engine.Tests.IO;

namespace RobustGate.Engine.Tests.Data;

public class CifarDatasetTests
{
    /// <summary>A record whose R, G and B planes are filled with r, g, b.</summary>
    private static byte[] Record(byte[] labelBytes, byte r, byte g, byte b) =>
        [.. labelBytes, .. Enumerable.Repeat(r, 1024), .. Enumerable.Repeat(g, 1024), .. Enumerable.Repeat(b, 1024)];

    [Fact]
    public void Cifar10_reads_planes_into_rgb_images_and_batches()
    {
        using var dir = new TemporaryDirectory();
        string folder = Path.Combine(dir.Path, "cifar-10-batches-bin");
        Directory.CreateDirectory(folder);
        File.WriteAllBytes(Path.Combine(folder, "test_batch.bin"), [.. Record([7], 10, 20, 30), .. Record([2], 1, 2, 3)]);
        var data = new Cifar10Dataset(dir.Path);
        Assert.Equal(2, data.Count);
        Assert.Equal([7, 2], data.Labels);
        Assert.Equal("horse", data.ClassNames[7]);
        var image = data.Get(0).Image;
        Assert.Equal([10, 20, 30], image.Pixels[..3]);
        Assert.Equal([10, 20, 30], image.Pixels[^3..]);

        var batch = new float[3072];
        var labels = new int[1];
        data.FillBatch([1], data.Shape!.Value, batch, labels);
        Assert.Equal(2, labels[0]);
        Assert.Equal(1 / 255f, batch[0]);
        Assert.Equal(2 / 255f, batch[1024]);
        Assert.Equal(3 / 255f, batch[3071]);
        Assert.Throws<InvalidInputException>(() => new Cifar10Dataset(dir.Path, DatasetSplit.Train));
    }

    [Fact]
    public void Cifar100_uses_the_fine_label()
    {
        using var dir = new TemporaryDirectory();
        File.WriteAllBytes(Path.Combine(dir.Path, "train.bin"), Record([4, 99], 0, 0, 0));
        var data = new Cifar100Dataset(dir.Path, DatasetSplit.Train);
        Assert.Equal([99], data.Labels);
        Assert.Equal(100, data.ClassCount);
        Assert.Equal("worm", data.ClassNames[99]);
    }

    [Fact]
    public void Wrong_sizes_and_labels_are_input_errors()
    {
        using var dir = new TemporaryDirectory();
        string path = Path.Combine(dir.Path, "test_batch.bin");
        File.WriteAllBytes(path, Record([1], 0, 0, 0)[..3000]);
        var error = Assert.Throws<InvalidInputException>(() => new Cifar10Dataset(dir.Path));
        Assert.Equal(path, error.File);
        Assert.Contains("3073-byte", error.Message, StringComparison.Ordinal);
        File.WriteAllBytes(path, Record([10], 0, 0, 0));
        Assert.Contains("label 10", Assert.Throws<InvalidInputException>(() => new Cifar10Dataset(dir.Path)).Message, StringComparison.Ordinal);
    }
}
