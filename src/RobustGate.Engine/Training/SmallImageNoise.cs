namespace RobustGate.Engine.Training;

/// <summary>
/// The default noise strengths of the noise recipes for small images. The GoN reference tunes
/// its noise for 224 px ImageNet, where ImageNet-C's noise severities are large (gaussian_noise
/// σ 0.08–0.38); on 32 px data the corruption benchmark itself uses weaker noise (CIFAR-10-C
/// gaussian_noise σ 0.04–0.10), and training with ImageNet-strength noise there costs clean
/// accuracy without buying more robustness. The rule: an image is small when its longer side is
/// at most <see cref="MaxSide"/> pixels — the same test <c>check</c> uses to pick the CIFAR
/// corruption profile by default — and for small images every noise strength of the reference
/// is expressed relative to the benchmark's own noise at that size: per-image σ lists become the
/// CIFAR-10-C severity lists (as the reference uses the ImageNet-C lists), and single strengths
/// (gauss σ, ANT's per-element RMS ε) are multiplied by <see cref="Scale"/>, the ratio of the
/// top gaussian_noise severities (0.10 / 0.38), so they keep their place relative to the
/// strongest benchmark noise.
/// </summary>
public static class SmallImageNoise
{
    /// <summary>Longest side, in pixels, of a "small" image (CheckRunner's auto-profile threshold).</summary>
    public const int MaxSide = 64;

    /// <summary>Top gaussian_noise severity of ImageNet-C (σ at severity 5).</summary>
    public const double ImageNetTopGaussianSigma = 0.38;

    /// <summary>Top gaussian_noise severity of CIFAR-10-C (σ at severity 5).</summary>
    public const double CifarTopGaussianSigma = 0.10;

    /// <summary>Factor applied to single noise strengths for small images: 0.10 / 0.38 ≈ 0.263.</summary>
    public const double Scale = CifarTopGaussianSigma / ImageNetTopGaussianSigma;

    /// <summary>CIFAR-10-C gaussian_noise severities 1..5.</summary>
    public static IReadOnlyList<double> CifarGaussianSigmas { get; } = [0.04, 0.06, 0.08, 0.09, 0.10];

    /// <summary>CIFAR-10-C speckle_noise severities 1..5.</summary>
    public static IReadOnlyList<double> CifarSpeckleSigmas { get; } = [0.06, 0.1, 0.12, 0.16, 0.2];

    public static bool IsSmall(int height, int width) => Math.Max(height, width) <= MaxSide;

    /// <summary><paramref name="reference"/> scaled by <see cref="Scale"/> for small images, unchanged otherwise.</summary>
    public static double Strength(double reference, int height, int width) =>
        IsSmall(height, width) ? reference * Scale : reference;
}
