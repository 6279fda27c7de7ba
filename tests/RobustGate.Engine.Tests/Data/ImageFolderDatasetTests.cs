using RobustGate.Engine.Data;
using RobustGate.Engine.Imaging;
using RobustGate.Engine.Tests.IO;

namespace RobustGate.Engine.Tests.Data;

public class ImageFolderDatasetTests
{
    [Fact]
    public void Classes_sort_ordinally_and_files_in_walk_order()
    {
        using var dir = new TemporaryDirectory();
        FakeImageFiles.Write(dir.Path, "cat/b.png", 1);
        FakeImageFiles.Write(dir.Path, "cat/a.JPG", 2);
        FakeImageFiles.Write(dir.Path, "cat/sub/0.jpeg", 3);
        FakeImageFiles.Write(dir.Path, "cat/notes.txt", 99);
        FakeImageFiles.Write(dir.Path, "Zebra/z.png", 4);
        FakeImageFiles.Write(dir.Path, "dog/x.png", 5);

        var data = new ImageFolderDataset(dir.Path, FakeImageFiles.Decode);
        // Ordinal: upper case sorts before lower case, as Python's sorted() does.
        Assert.Equal(["Zebra", "cat", "dog"], data.ClassNames);
        Assert.Equal([0, 1, 1, 1, 2], data.Labels);
        Assert.Equal([4, 2, 1, 3, 5], Enumerable.Range(0, data.Count).Select(i => (int)data.Get(i).Image.Pixels[0]));
        Assert.Null(data.Shape);
        Assert.EndsWith("b.png", data.PathOf(2), StringComparison.Ordinal);
        Assert.Matches("^[0-9a-f]{64}$", data.ContentHash());
    }

    [Fact]
    public void Batches_decode_in_parallel_and_check_the_size()
    {
        using var dir = new TemporaryDirectory();
        for (int i = 0; i < 20; i++)
        {
            FakeImageFiles.Write(dir.Path, $"c{i % 3}/{i:D2}.png", (byte)(i * 10));
        }

        var data = new ImageFolderDataset(dir.Path, FakeImageFiles.Decode);
        int[] indices = Enumerable.Range(0, 20).Reverse().ToArray();
        var batch = new float[20 * 4];
        var labels = new int[20];
        data.FillBatch(indices, new ImageShape(1, 2, 2), batch, labels);
        for (int n = 0; n < 20; n++)
        {
            Assert.Equal(data.Get(indices[n]).Image.Pixels[0] / 255f, batch[n * 4]);
            Assert.Equal(data.Labels[indices[n]], labels[n]);
        }

        var error = Assert.Throws<InvalidInputException>(() => data.FillBatch([3], new ImageShape(3, 2, 2), new float[12], new int[1]));
        Assert.Contains("the batch expects", error.Message, StringComparison.Ordinal);
        Assert.Equal(data.PathOf(3), error.File);
    }

    [Fact]
    public void A_transform_fixes_the_shape()
    {
        using var dir = new TemporaryDirectory();
        FakeImageFiles.Write(dir.Path, "a/1.png", 8);
        var data = new ImageFolderDataset(dir.Path, FakeImageFiles.Decode, image => new Image(1, 1, 1, [image.Pixels[0]]), new ImageShape(1, 1, 1));
        var (batch, shape, labels) = BatchConversion.LoadBatch(data, [0]);
        Assert.Equal([1, 1, 1, 1], shape);
        Assert.Equal([8 / 255f], batch);
        Assert.Equal([0], labels);
    }

    [Fact]
    public void Empty_or_missing_folders_are_input_errors()
    {
        using var dir = new TemporaryDirectory();
        Assert.Contains("no class sub-folders", Assert.Throws<InvalidInputException>(() => new ImageFolderDataset(dir.Path, FakeImageFiles.Decode)).Message, StringComparison.Ordinal);
        Directory.CreateDirectory(Path.Combine(dir.Path, "empty"));
        Assert.Contains("'empty'", Assert.Throws<InvalidInputException>(() => new ImageFolderDataset(dir.Path, FakeImageFiles.Decode)).Message, StringComparison.Ordinal);
        Assert.Throws<InvalidInputException>(() => new ImageFolderDataset(Path.Combine(dir.Path, "absent"), FakeImageFiles.Decode));
    }
}
