using RobustGate.Engine.Text;
using RobustGate.Engine.Nn;

namespace RobustGate.Engine.Models;

/// <summary>
/// The architectures <c>--arch NAME</c> accepts and <c>robustgate models</c> lists. Names are
/// case-insensitive; an unknown one is a <see cref="ConfigurationException"/> that suggests
/// the closest names.
/// </summary>
public static class ModelRegistry
{
    private static readonly float[] ImageNetMean = [0.485f, 0.456f, 0.406f];
    private static readonly float[] ImageNetStd = [0.229f, 0.224f, 0.225f];
    private static readonly float[] Cifar10Mean = [0.4914f, 0.4822f, 0.4465f];
    private static readonly float[] Cifar10Std = [0.2470f, 0.2435f, 0.2616f];
    private static readonly float[] FashionMnistMean = [0.2860f];
    private static readonly float[] FashionMnistStd = [0.3530f];
    private static readonly float[] NoShift = [0f, 0f, 0f];
    private static readonly float[] NoScale = [1f, 1f, 1f];

    private static readonly ModelInfo[] Entries =
    [
        new("resnet18", "torchvision ResNet-18 (7x7/2 stem, max-pool), ImageNet normalisation", (3, 224, 224), 1000, ImageNetMean, ImageNetStd,
            (classes, channels, g) => new ResNet(ResNetBlockKind.Basic, [2, 2, 2, 2], classes, g, channels)),
        new("resnet34", "torchvision ResNet-34, ImageNet normalisation", (3, 224, 224), 1000, ImageNetMean, ImageNetStd,
            (classes, channels, g) => new ResNet(ResNetBlockKind.Basic, [3, 4, 6, 3], classes, g, channels)),
        new("resnet50", "torchvision ResNet-50 (v1.5 bottlenecks), ImageNet normalisation", (3, 224, 224), 1000, ImageNetMean, ImageNetStd,
            (classes, channels, g) => new ResNet(ResNetBlockKind.Bottleneck, [3, 4, 6, 3], classes, g, channels)),
        new("wide_resnet50_2", "torchvision Wide ResNet-50-2 (bottleneck width x2), ImageNet normalisation", (3, 224, 224), 1000, ImageNetMean, ImageNetStd,
            (classes, channels, g) => new ResNet(ResNetBlockKind.Bottleneck, [3, 4, 6, 3], classes, g, channels, widthPerGroup: 128)),
        new("alexnet", "torchvision AlexNet, the ImageNet-C baseline architecture, ImageNet normalisation", (3, 224, 224), 1000, ImageNetMean, ImageNetStd,
            (classes, channels, g) => new AlexNet(classes, g, channels)),
        new("resnet18-cifar", "torchvision ResNet-18 names with a 3x3/1 stem and no max-pool, for 32x32 images, CIFAR-10 normalisation", (3, 32, 32), 10, Cifar10Mean, Cifar10Std,
            (classes, channels, g) => new ResNet(ResNetBlockKind.Basic, [2, 2, 2, 2], classes, g, channels, cifarStem: true)),
        new("smallcnn", "small conv-bn-relu CNN for 28x28 grey images (Fashion-MNIST normalisation)", (1, 28, 28), 10, FashionMnistMean, FashionMnistStd,
            (classes, channels, g) => new SmallCnn(classes, g, channels)),
        new("smallcnn32", "the smallcnn layout for 32x32 RGB images (the built-in synthetic data, CIFAR-size inputs), CIFAR-10 normalisation", (3, 32, 32), 10, Cifar10Mean, Cifar10Std,
            (classes, channels, g) => new SmallCnn(classes, g, channels, 32, 32)),
        new("preact-resnet18", "RobustBench PreActResNet-18 for 32x32 images, [0,1] input (no normalisation)", (3, 32, 32), 10, NoShift, NoScale,
            (classes, channels, g) => new PreActResNet(classes, g, channels)),
        new("wrn-28-10", "RobustBench WideResNet-28-10 for 32x32 images, [0,1] input (no normalisation)", (3, 32, 32), 10, NoShift, NoScale,
            (classes, channels, g) => new WideResNet(classes, g, 28, 10, channels)),
    ];

    public static IReadOnlyList<ModelInfo> All => Entries;

    public static IEnumerable<string> Names => Entries.Select(e => e.Name);

    public static bool TryGet(string name, out ModelInfo info)
    {
        ArgumentNullException.ThrowIfNull(name);
        info = Entries.FirstOrDefault(e => string.Equals(e.Name, name.Trim(), StringComparison.OrdinalIgnoreCase))!;
        return info is not null;
    }

    /// <summary>The architecture called <paramref name="name"/>, or a ConfigurationException with suggestions.</summary>
    public static ModelInfo Get(string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        if (TryGet(name, out var info))
        {
            return info;
        }

        var hint = NameSuggestions.Hint(name, Names);
        throw new ConfigurationException($"unknown architecture '{name}'.{hint} Known architectures: {string.Join(", ", Names)}.");
    }

    /// <summary>Shorthand for <c>Get(name).Create(...)</c>.</summary>
    public static NormalizedModel Create(string name, int? numClasses = null, int? inChannels = null, ulong seed = 0) =>
        Get(name).Create(numClasses, inChannels, seed);
}
