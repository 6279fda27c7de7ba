namespace RobustGate.Engine.Corruptions;

/// <summary>
/// Which reference a corruption reproduces. The parameter tables and, for a few corruptions, the
/// algorithms differ (spec §3, §5).
/// </summary>
public enum CorruptionProfile
{
    /// <summary>bethgelab <c>imagecorruptions</c> 1.1.2: ImageNet (224 px) parameters applied to any size.</summary>
    ImageCorruptions,

    /// <summary>Hendrycks' <c>make_cifar_c.py</c>: the CIFAR-10-C parameter set for 32 px images.</summary>
    Cifar,

    /// <summary>
    /// Hendrycks' <c>make_imagenet_c.py</c>, the generator of the published ImageNet-C: identical to
    /// <see cref="ImageCorruptions"/> except for motion blur, snow, frost, fog and elastic transform.
    /// </summary>
    ImageNetC,
}
