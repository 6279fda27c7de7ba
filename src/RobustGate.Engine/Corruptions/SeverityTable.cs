namespace RobustGate.Engine.Corruptions;

/// <summary>
/// A corruption's five severity parameters per profile. The published-ImageNet-C generator uses the
/// imagecorruptions (224 px) table unless a corruption gives it its own.
/// </summary>
internal sealed class SeverityTable<T>
{
    private readonly T[] _imageNet;
    private readonly T[] _cifar;
    private readonly T[] _imageNetC;

    public SeverityTable(T[] imageNet, T[] cifar, T[]? imageNetC = null)
    {
        if (imageNet.Length != 5 || cifar.Length != 5 || imageNetC is { Length: not 5 })
        {
            throw new ArgumentException("A severity table has exactly five entries per profile.");
        }

        _imageNet = imageNet;
        _cifar = cifar;
        _imageNetC = imageNetC ?? imageNet;
    }

    public T[] For(CorruptionProfile profile) => profile switch
    {
        CorruptionProfile.Cifar => _cifar,
        CorruptionProfile.ImageNetC => _imageNetC,
        _ => _imageNet,
    };
}
