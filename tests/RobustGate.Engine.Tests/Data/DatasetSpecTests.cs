using RobustGate.Engine.Data;
using RobustGate.Engine.IO;
using RobustGate.Engine.Tests.IO;

namespace RobustGate.Engine.Tests.Data;

public class DatasetSpecTests
{
    [Theory]
    [InlineData("fashion-mnist", DatasetKind.FashionMnist, "/usr/share/datasets/fashion-mnist", null, null)]
    [InlineData("fashion-mnist:/data/fm", DatasetKind.FashionMnist, "/data/fm", null, null)]
    [InlineData("MNIST:/data/m", DatasetKind.Mnist, "/data/m", null, null)]
    [InlineData("cifar10:/c", DatasetKind.Cifar10, "/c", null, null)]
    [InlineData("cifar100:/c", DatasetKind.Cifar100, "/c", null, null)]
    [InlineData("cifar10-c:/c/CIFAR-10-C", DatasetKind.Cifar10C, "/c/CIFAR-10-C", null, null)]
    [InlineData("imagefolder:C:\\images", DatasetKind.ImageFolder, "C:\\images", null, null)]
    [InlineData("imagenet-val:/in/val", DatasetKind.ImageNetVal, "/in/val", null, null)]
    [InlineData("imagenet-val:/in/val:/in/val.txt", DatasetKind.ImageNetVal, "/in/val", "/in/val.txt", null)]
    [InlineData("imagenet-val:C:\\in\\val:D:\\labels.txt", DatasetKind.ImageNetVal, "C:\\in\\val", "D:\\labels.txt", null)]
    [InlineData("imagenet-c:/in-c", DatasetKind.ImageNetC, "/in-c", null, null)]
    [InlineData("synthetic", DatasetKind.Synthetic, null, null, null)]
    [InlineData("synthetic:500", DatasetKind.Synthetic, null, null, 500)]
    [InlineData("cifar-10:/c", DatasetKind.Cifar10, "/c", null, null)]
    public void Parses_every_kind(string text, DatasetKind kind, string? directory, string? labels, int? count)
    {
        var spec = DatasetSpec.Parse(text);
        Assert.Equal(new DatasetSpec(kind, directory, labels, count), spec);
        Assert.Equal(spec, DatasetSpec.Parse(spec.ToString()));
    }

    [Theory]
    [InlineData("fashoin-mnist", "Did you mean 'fashion-mnist'?")]
    [InlineData("cifar1O:/x", "Did you mean 'cifar10'")]
    [InlineData("imagenet-cc:/x", "Did you mean 'imagenet-c'")]
    [InlineData("totally-unknown", "Known kinds: fashion-mnist, mnist")]
    [InlineData("", "empty dataset spec")]
    [InlineData("cifar10", "cifar10 needs a folder")]
    [InlineData("imagefolder:", "imagefolder needs a folder")]
    [InlineData("synthetic:0", "positive integer")]
    [InlineData("synthetic:ten", "positive integer")]
    [InlineData("imagenet-val:/v:", "LABELS is empty")]
    public void Bad_specs_are_configuration_errors(string text, string expected)
    {
        var error = Assert.Throws<ConfigurationException>(() => DatasetSpec.Parse(text));
        Assert.Contains(expected, error.Message, StringComparison.Ordinal);
        Assert.Equal(ExitCodes.UsageOrConfiguration, error.ExitCode);
    }

    [Fact]
    public void Opening_missing_data_names_the_path()
    {
        using var dir = new TemporaryDirectory();
        string absent = Path.Combine(dir.Path, "absent");
        foreach (string kind in new[] { "mnist", "cifar10", "cifar100", "imagefolder", "imagenet-val" })
        {
            var error = Assert.Throws<InvalidInputException>(() => DatasetSpec.Parse($"{kind}:{absent}").Open(new DatasetOpenOptions { Decoder = FakeImageFiles.Decode }));
            Assert.Equal(absent, error.File);
        }

        Assert.Throws<InvalidInputException>(() => DatasetSpec.Parse($"cifar10-c:{absent}").OpenCorrupted("fog", 1));
        Assert.Throws<InvalidInputException>(() => DatasetSpec.Parse($"imagenet-c:{absent}").AvailableCorruptions());
    }

    [Fact]
    public void Open_builds_the_right_dataset()
    {
        var synthetic = DatasetSpec.Parse("synthetic:30").Open(new DatasetOpenOptions { Seed = 4 });
        Assert.IsType<SyntheticDataset>(synthetic);
        Assert.Equal(30, synthetic.Count);
        var train = DatasetSpec.Parse("synthetic:30").Open(new DatasetOpenOptions { Seed = 4, Split = DatasetSplit.Train });
        Assert.NotEqual(synthetic.ContentHash(), train.ContentHash());

        using var dir = new TemporaryDirectory();
        NpyFile.Write(Path.Combine(dir.Path, "fog.npy"), new byte[5 * 3072], 5, 32, 32, 3);
        NpyFile.Write(Path.Combine(dir.Path, "labels.npy"), new long[5], 5);
        var spec = DatasetSpec.Parse($"cifar10-c:{dir.Path}");
        Assert.True(spec.IsCorruptedSet);
        Assert.Equal(["fog"], spec.AvailableCorruptions());
        Assert.Equal(1, spec.OpenCorrupted("fog", 5).Count);
        Assert.Throws<ConfigurationException>(() => spec.Open());
        Assert.Throws<ConfigurationException>(() => DatasetSpec.Parse("synthetic").OpenCorrupted("fog", 1));
        Assert.Throws<ConfigurationException>(() => DatasetSpec.Parse($"imagefolder:{dir.Path}").Open());
    }
}
