using RobustGate.Engine.Nn;
using RobustGate.Engine.Tensors;

namespace RobustGate.Engine.Models;

/// <summary>
/// torchvision's AlexNet (the ImageNet-C baseline architecture): <c>features</c> (convs at
/// indices 0, 3, 6, 8, 10), <c>avgpool</c> to 6x6, <c>classifier</c> (dropout 0.5, linears at
/// 1, 4, 6). PyTorch's default initialisation throughout, as torchvision leaves it.
/// </summary>
public sealed class AlexNet : Module
{
    public AlexNet(int numClasses, Generator generator, int inChannels = 3, double dropout = 0.5)
    {
        ArgumentNullException.ThrowIfNull(generator);
        Features = RegisterModule("features", new Sequential(
            new Conv2d(inChannels, 64, 11, generator, 4, padding: 2),
            new ReLU(),
            new MaxPool2d(3, 2),
            new Conv2d(64, 192, 5, generator, padding: 2),
            new ReLU(),
            new MaxPool2d(3, 2),
            new Conv2d(192, 384, 3, generator, padding: 1),
            new ReLU(),
            new Conv2d(384, 256, 3, generator, padding: 1),
            new ReLU(),
            new Conv2d(256, 256, 3, generator, padding: 1),
            new ReLU(),
            new MaxPool2d(3, 2)));
        AvgPool = RegisterModule("avgpool", new AdaptiveAvgPool2d(6));
        Classifier = RegisterModule("classifier", new Sequential(
            new Dropout(generator, dropout),
            new Linear(256 * 6 * 6, 4096, generator),
            new ReLU(),
            new Dropout(generator, dropout),
            new Linear(4096, 4096, generator),
            new ReLU(),
            new Linear(4096, numClasses, generator)));
    }

    public Sequential Features { get; }

    public AdaptiveAvgPool2d AvgPool { get; }

    public Sequential Classifier { get; }

    public override Tensor Forward(Tensor input) =>
        Classifier.Forward(AvgPool.Forward(Features.Forward(input)).Flatten(1));
}
