using System.Runtime.CompilerServices;

namespace RobustGate.Engine.Imaging.Filters;

/// <summary>
/// skimage.filters.gaussian (scikit-image 0.19) as the corruptions call it: mode 'nearest' by
/// default, truncate 4, channel axis last and never filtered (multichannel=True / channel_axis=-1),
/// float input filtered in its own precision (0.19 keeps float32; 0.13 promoted it to float64 —
/// call the double overload for that), uint8 input converted with img_as_float first.
/// Layout: interleaved H×W×C, row-major, channels innermost.
/// </summary>
public static class SkimageGaussian
{
    /// <summary>skimage's img_as_float for uint8: v · (1/255), a multiplication, not a division.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void ToFloat64(ReadOnlySpan<byte> source, Span<double> destination)
    {
        if (destination.Length != source.Length)
        {
            throw new ArgumentException($"Expected {source.Length} output samples, got {destination.Length}.", nameof(destination));
        }

        const double scale = 1.0 / 255.0;
        for (var i = 0; i < source.Length; i++)
        {
            destination[i] = source[i] * scale;
        }
    }

    /// <summary>gaussian(image, sigma) on a float64 image; one sigma for both spatial axes.</summary>
    public static void Apply(ReadOnlySpan<double> image, Span<double> output, int height, int width, int channels, double sigma, BorderMode mode = BorderMode.Nearest, double truncate = 4.0)
        => Apply(image, output, height, width, channels, sigma, sigma, mode, truncate);

    /// <summary>gaussian(image, (sigmaRows, sigmaColumns)) on a float64 image.</summary>
    public static void Apply(ReadOnlySpan<double> image, Span<double> output, int height, int width, int channels, double sigmaRows, double sigmaColumns, BorderMode mode = BorderMode.Nearest, double truncate = 4.0)
    {
        CheckSigma(sigmaRows, sigmaColumns);
        GaussianFilter.Apply(image, output, height, width, channels, sigmaRows, sigmaColumns, mode, truncate);
    }

    /// <summary>gaussian(image, sigma) on a float32 image, as scikit-image 0.19 computes it (float32 result).</summary>
    public static void Apply(ReadOnlySpan<float> image, Span<float> output, int height, int width, int channels, double sigma, BorderMode mode = BorderMode.Nearest, double truncate = 4.0)
    {
        CheckSigma(sigma, sigma);
        GaussianFilter.Apply(image, output, height, width, channels, sigma, sigma, mode, truncate);
    }

    /// <summary>gaussian(image, sigma) on a uint8 image without preserve_range: img_as_float, then filter.</summary>
    public static void Apply(ReadOnlySpan<byte> image, Span<double> output, int height, int width, int channels, double sigma, BorderMode mode = BorderMode.Nearest, double truncate = 4.0)
    {
        ToFloat64(image, output);
        Apply(output, output, height, width, channels, sigma, sigma, mode, truncate);
    }

    private static void CheckSigma(double sigmaRows, double sigmaColumns)
    {
        if (sigmaRows < 0 || sigmaColumns < 0 || double.IsNaN(sigmaRows) || double.IsNaN(sigmaColumns))
        {
            throw new ArgumentOutOfRangeException(nameof(sigmaRows), $"Sigma values must be non-negative, got ({sigmaRows}, {sigmaColumns}).");
        }
    }
}
