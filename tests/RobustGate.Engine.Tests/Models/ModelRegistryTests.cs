using RobustGate.Engine.Autograd;
using RobustGate.Engine.Models;
using RobustGate.Engine.Tensors;

namespace RobustGate.Engine.Tests.Models;

/// <summary>Registry lookup, suggestions, and the architectures' sizes and names.</summary>
public sealed class ModelRegistryTests
{
    // torchvision's documented parameter counts (1000 classes).
    [Theory]
    [InlineData("resnet18", 11_689_512L)]
    [InlineData("resnet34", 21_797_672L)]
    [InlineData("resnet50", 25_557_032L)]
    [InlineData("wide_resnet50_2", 68_883_240L)]
    [InlineData("alexnet", 61_100_840L)]
    public void Torchvision_architectures_have_torchvision_parameter_counts(string name, long expected)
    {
        Assert.Equal(expected, ModelRegistry.Create(name).ParameterCount());
    }

    [Fact]
    public void Wrn_28_10_without_sub_block_has_the_published_36_5_million_parameters()
    {
        // The WRN-28-10 papers report 36.5M; RobustBench's class adds the unused sub_block1.
        Assert.Equal(36_479_194L, new WideResNet(10, new Generator(0), withSubBlock: false).ParameterCount());
    }

    [Fact]
    public void RobustBench_architectures_use_RobustBench_names()
    {
        var preact = ModelRegistry.Create("preact-resnet18").StateDict();
        Assert.Equal([128, 64, 1, 1], preact["layer2.0.shortcut.0.weight"].ShapeArray());
        Assert.Equal([10, 512], preact["linear.weight"].ShapeArray());
        Assert.True(preact.Contains("bn.running_var"));
        Assert.True(preact.Contains("layer1.0.bn1.weight"));

        var wrn = ModelRegistry.Create("wrn-28-10").StateDict();
        Assert.Equal([160, 16, 1, 1], wrn["block1.layer.0.convShortcut.weight"].ShapeArray());
        Assert.Equal([640, 640, 3, 3], wrn["block3.layer.3.conv2.weight"].ShapeArray());
        Assert.True(wrn.Contains("sub_block1.layer.0.bn1.weight"));
        Assert.Equal([10, 640], wrn["fc.weight"].ShapeArray());
        Assert.Equal("conv1.weight", wrn.Names[0]);
    }

    [Theory]
    [InlineData("smallcnn", 1, 28)]
    [InlineData("resnet18-cifar", 3, 32)]
    [InlineData("preact-resnet18", 3, 32)]
    [InlineData("resnet18", 3, 64)]
    [InlineData("resnet50", 3, 64)]
    [InlineData("alexnet", 3, 64)]
    public void Small_models_map_a_batch_to_logits(string name, int channels, int size)
    {
        var info = ModelRegistry.Get(name);
        var model = info.Create(numClasses: 7);
        model.Eval();
        using var noGrad = new NoGrad();
        var logits = model.Forward(Tensor.Rand(new Generator(1), 2, channels, size, size));
        Assert.Equal([2, 7], logits.Shape);
        Assert.All(logits.ToArray(), v => Assert.True(float.IsFinite(v)));
    }

    [Fact]
    public void Same_seed_gives_the_same_initial_weights()
    {
        var a = ModelRegistry.Create("smallcnn", seed: 5).StateDict();
        var b = ModelRegistry.Create("smallcnn", seed: 5).StateDict();
        var c = ModelRegistry.Create("smallcnn", seed: 6).StateDict();
        Assert.Equal(a["features.0.weight"].Float32, b["features.0.weight"].Float32);
        Assert.NotEqual(a["features.0.weight"].Float32, c["features.0.weight"].Float32);
    }

    [Fact]
    public void Lookup_is_case_insensitive_and_lists_every_architecture()
    {
        Assert.Equal("resnet50", ModelRegistry.Get("ResNet50").Name);
        Assert.Subset(
            ModelRegistry.Names.ToHashSet(),
            new HashSet<string> { "resnet18", "resnet34", "resnet50", "wide_resnet50_2", "alexnet", "resnet18-cifar", "smallcnn", "preact-resnet18", "wrn-28-10", "smallcnn32" });
        Assert.Equal(ModelRegistry.All.Count, ModelRegistry.Names.Distinct(StringComparer.OrdinalIgnoreCase).Count());
        Assert.Equal((1, 28, 28), ModelRegistry.Get("smallcnn").InputSize);
        Assert.Equal((3, 32, 32), ModelRegistry.Get("smallcnn32").InputSize);
        Assert.Equal([0.485f, 0.456f, 0.406f], ModelRegistry.Get("resnet18").Mean);
    }

    [Theory]
    [InlineData("resnet19", "resnet18")]
    [InlineData("alexnt", "alexnet")]
    [InlineData("smallcn", "smallcnn")]
    public void Unknown_names_suggest_the_closest(string typed, string suggestion)
    {
        var error = Assert.Throws<ConfigurationException>(() => ModelRegistry.Get(typed));
        Assert.Equal(ExitCodes.UsageOrConfiguration, error.ExitCode);
        Assert.Contains($"Did you mean '{suggestion}'", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Far_off_names_get_no_suggestion_but_the_list()
    {
        var error = Assert.Throws<ConfigurationException>(() => ModelRegistry.Get("transformer"));
        Assert.DoesNotContain("Did you mean", error.Message, StringComparison.Ordinal);
        Assert.Contains("smallcnn", error.Message, StringComparison.Ordinal);
    }
}
