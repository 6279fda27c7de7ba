using RobustGate.Engine.Data;
using RobustGate.Engine.Tests.IO;

namespace RobustGate.Engine.Tests.Data;

public class ImageNetDatasetTests
{
    [Fact]
    public void Validation_set_with_integer_labels_sorts_by_file_name()
    {
        using var dir = new TemporaryDirectory();
        FakeImageFiles.Write(dir.Path, "ILSVRC2012_val_00000002.JPEG", 2);
        FakeImageFiles.Write(dir.Path, "ILSVRC2012_val_00000001.JPEG", 1);
        File.WriteAllLines(dir.File("val.txt"), ["ILSVRC2012_val_00000002.JPEG 999", "ILSVRC2012_val_00000001.JPEG 65", ""]);
        var data = ImageNetValDataset.Open(dir.Path, null, FakeImageFiles.Decode);
        Assert.Equal([65, 999], data.Labels);
        Assert.Equal(1000, data.ClassCount);
        Assert.Equal(1, data.Get(0).Image.Pixels[0]);
        Assert.Equal(dir.File("val.txt"), data.LabelsPath);
    }

    [Fact]
    public void Validation_set_with_kaggle_csv_maps_sorted_wnids()
    {
        using var dir = new TemporaryDirectory();
        string images = Path.Combine(dir.Path, "val");
        FakeImageFiles.Write(images, "a.JPEG", 1);
        FakeImageFiles.Write(images, "b.JPEG", 2);
        FakeImageFiles.Write(images, "c.JPEG", 3);
        File.WriteAllLines(dir.File("LOC_val_solution.csv"), ["ImageId,PredictionString", "c,n02000000 1 2 3 4 n02000000 5 6 7 8", "a,n01000000 1 2 3 4", "b,n02000000 0 0 1 1"]);
        var data = ImageNetValDataset.Open(images, null, FakeImageFiles.Decode);
        Assert.Equal(["n01000000", "n02000000"], data.ClassNames);
        Assert.Equal([0, 1, 1], data.Labels);
    }

    [Fact]
    public void Validation_set_errors_name_the_file()
    {
        using var dir = new TemporaryDirectory();
        Assert.Contains("imagenet-val:DIR:LABELS", Assert.Throws<InvalidInputException>(() => ImageNetValDataset.Open(dir.Path, null, FakeImageFiles.Decode)).Message, StringComparison.Ordinal);
        File.WriteAllLines(dir.File("labels.txt"), ["missing.JPEG 3"]);
        var error = Assert.Throws<InvalidInputException>(() => ImageNetValDataset.Open(dir.Path, dir.File("labels.txt"), FakeImageFiles.Decode));
        Assert.Equal(dir.File("missing.JPEG"), error.File);
        File.WriteAllLines(dir.File("labels.txt"), ["just-one-field"]);
        Assert.Contains("line 1", Assert.Throws<InvalidInputException>(() => ImageNetValDataset.Open(dir.Path, dir.File("labels.txt"), FakeImageFiles.Decode)).Message, StringComparison.Ordinal);
    }

    [Fact]
    public void ImageNet_c_reads_one_corruption_and_severity()
    {
        using var dir = new TemporaryDirectory();
        FakeImageFiles.Write(dir.Path, "fog/3/n02/x.JPEG", 7);
        FakeImageFiles.Write(dir.Path, "fog/3/n01/y.JPEG", 6);
        FakeImageFiles.Write(dir.Path, "fog/1/n01/y.JPEG", 5);
        FakeImageFiles.Write(dir.Path, "snow/2/n01/y.JPEG", 4);
        Directory.CreateDirectory(Path.Combine(dir.Path, "not-a-corruption"));
        Assert.Equal(["fog", "snow"], ImageNetCDataset.AvailableCorruptions(dir.Path));
        var data = ImageNetCDataset.Open(dir.Path, "fog", 3, FakeImageFiles.Decode);
        Assert.Equal("imagenet-c/fog/3", data.Name);
        Assert.Equal(["n01", "n02"], data.ClassNames);
        Assert.Equal([6, 7], Enumerable.Range(0, 2).Select(i => (int)data.Get(i).Image.Pixels[0]));
        var error = Assert.Throws<InvalidInputException>(() => ImageNetCDataset.Open(dir.Path, "fog", 2, FakeImageFiles.Decode));
        Assert.Contains("corruptions found: fog, snow", error.Message, StringComparison.Ordinal);
        Assert.Throws<ConfigurationException>(() => ImageNetCDataset.Open(dir.Path, "fog", 0, FakeImageFiles.Decode));
    }
}
