namespace RobustGate.Engine.Data;

/// <summary>The dataset families a <see cref="DatasetSpec"/> can name.</summary>
public enum DatasetKind
{
    FashionMnist,
    Mnist,
    Cifar10,
    Cifar100,
    Cifar10C,
    ImageFolder,
    ImageNetVal,
    ImageNetC,
    Synthetic,
}
