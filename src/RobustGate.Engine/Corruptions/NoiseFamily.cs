using System.Runtime.CompilerServices;
using RobustGate.Engine.Imaging;
using RobustGate.Engine.Randomness;

namespace RobustGate.Engine.Corruptions;

/// <summary>
/// The noise families of the ANT paper (Rusak et al., 2020) as parameterised corruptions, each
/// value drawn in C order from the generator and clipped to [0, 1], 8-bit output truncated as
/// ImageNet-C's. Build one with the factory methods; <see cref="Parameters"/> holds the five
/// severity parameters (the same value five times for a single-parameter family).
/// </summary>
public sealed class NoiseFamily : Corruption
{
    /// <summary>ImageNet-C gaussian_noise's five sigmas, which ANT's Gauss_mult baseline samples from.</summary>
    public static IReadOnlyList<double> ImageNetCGaussianSigmas { get; } = [0.08, 0.12, 0.18, 0.26, 0.38];

    private readonly NoiseFamilyKind _kind;
    private readonly double[] _parameters;
    private readonly double[] _sigmaSet;

    private NoiseFamily(string name, NoiseFamilyKind kind, double[] parameters, double[] sigmaSet, string description)
        : base(name, CorruptionGroup.NoiseFamily, true, description)
    {
        if (parameters.Length != 5)
        {
            throw new ArgumentException("A noise family needs exactly five severity parameters.", nameof(parameters));
        }

        foreach (var p in parameters.Concat(sigmaSet))
        {
            if (!(p >= 0) || double.IsInfinity(p))
            {
                throw new ConfigurationException($"Noise family '{name}': parameters must be finite and non-negative, got {p}.");
            }
        }

        _kind = kind;
        _parameters = parameters;
        _sigmaSet = sigmaSet;
    }

    public IReadOnlyList<double> Parameters => _parameters;

    /// <summary>x + N(0, σ) per value (ANT's Gauss_single uses σ = 0.5).</summary>
    public static NoiseFamily Gaussian(params double[] sigmas) =>
        new("noise_gaussian", NoiseFamilyKind.Gaussian, Expand(sigmas), [], "ANT family: additive Gaussian noise with a fixed sigma per severity");

    /// <summary>
    /// x + N(0, σ) with σ drawn per image, uniformly from <paramref name="sigmas"/> (one
    /// <c>randint(len)</c> before the noise), as ANT's Gauss_mult baseline; severity has no effect.
    /// </summary>
    public static NoiseFamily MultiSigmaGaussian(IReadOnlyList<double>? sigmas = null)
    {
        var set = (sigmas ?? ImageNetCGaussianSigmas).ToArray();
        if (set.Length == 0)
        {
            throw new ConfigurationException("Noise family 'noise_gaussian_multi': the sigma set is empty.");
        }

        return new("noise_gaussian_multi", NoiseFamilyKind.MultiSigmaGaussian, Expand([set.Max()]), set, "ANT family: Gaussian noise, sigma drawn per image from a set (severity has no effect)");
    }

    /// <summary>x + x·N(0, σ) per value.</summary>
    public static NoiseFamily Speckle(params double[] sigmas) =>
        new("noise_speckle", NoiseFamilyKind.Speckle, Expand(sigmas), [], "ANT family: multiplicative (speckle) Gaussian noise");

    /// <summary>x + U(−a, a) per value.</summary>
    public static NoiseFamily Uniform(params double[] halfWidths) =>
        new("noise_uniform", NoiseFamilyKind.Uniform, Expand(halfWidths), [], "ANT family: additive uniform noise on [-a, a]");

    /// <summary>
    /// Salt-and-pepper on whole pixels: a pixel is hit with probability p (one draw per pixel for
    /// all pixels, then one salt/pepper draw per pixel), all its channels set to 1 or 0 — unlike
    /// impulse_noise, which hits channel values independently.
    /// </summary>
    public static NoiseFamily SaltAndPepper(params double[] amounts)
    {
        if (amounts.Any(a => a > 1))
        {
            throw new ConfigurationException("Noise family 'noise_salt_pepper': amounts are probabilities in [0, 1].");
        }

        return new("noise_salt_pepper", NoiseFamilyKind.SaltAndPepper, Expand(amounts), [], "ANT family: salt-and-pepper on whole pixels");
    }

    protected override Image ApplyRgb(Image rgb, int severity, NumpyRandom rng)
    {
        var p = _parameters[severity - 1];
        switch (_kind)
        {
            case NoiseFamilyKind.Gaussian:
                return NoiseKernels.AddGaussian(rgb, p, multiplicative: false, rng);
            case NoiseFamilyKind.MultiSigmaGaussian:
                var sigma = _sigmaSet[rng.RandInt(_sigmaSet.Length)];
                return NoiseKernels.AddGaussian(rgb, sigma, multiplicative: false, rng);
            case NoiseFamilyKind.Speckle:
                return NoiseKernels.AddGaussian(rgb, p, multiplicative: true, rng);
            case NoiseFamilyKind.Uniform:
                return AddUniform(rgb, p, rng);
            default:
                return PixelSaltAndPepper(rgb, p, rng);
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static Image AddUniform(Image rgb, double halfWidth, NumpyRandom rng)
    {
        var src = rgb.Pixels;
        var output = ImagePool.Rent(rgb.Width, rgb.Height, 3);
        var dst = output.Pixels;
        var levels = NoiseKernels.UnitLevels;
        for (var i = 0; i < src.Length; i++)
        {
            dst[i] = NoiseKernels.ToByte(levels[src[i]] + rng.Uniform(-halfWidth, halfWidth));
        }

        return output;
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static Image PixelSaltAndPepper(Image rgb, double amount, NumpyRandom rng)
    {
        var output = rgb.Clone();
        var dst = output.Pixels;
        var pixels = rgb.Width * rgb.Height;
        using var hit = new PooledBuffer<bool>(pixels);
        for (var p = 0; p < pixels; p++)
        {
            hit.Array[p] = rng.NextDouble() < amount;
        }

        for (var p = 0; p < pixels; p++)
        {
            var salt = rng.NextDouble() < 0.5;
            if (hit.Array[p])
            {
                var v = salt ? (byte)255 : (byte)0;
                dst[(p * 3) + 0] = v;
                dst[(p * 3) + 1] = v;
                dst[(p * 3) + 2] = v;
            }
        }

        return output;
    }

    private static double[] Expand(double[] values) => values.Length switch
    {
        1 => [values[0], values[0], values[0], values[0], values[0]],
        5 => (double[])values.Clone(),
        _ => throw new ConfigurationException($"A noise family takes one parameter or five (one per severity), got {values.Length}."),
    };

    private enum NoiseFamilyKind
    {
        Gaussian,
        MultiSigmaGaussian,
        Speckle,
        Uniform,
        SaltAndPepper,
    }
}
