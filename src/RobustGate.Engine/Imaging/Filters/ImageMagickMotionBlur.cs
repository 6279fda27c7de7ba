using System.Runtime.CompilerServices;

namespace RobustGate.Engine.Imaging.Filters;

/// <summary>
/// ImageMagick 6 (Q16, non-HDRI) MotionBlurImage as the published-ImageNet-C generator reaches it
/// through Wand (spec §2 P8), on 8-bit interleaved H×W×C pixels in and out: the 8-bit PNG samples
/// become 16-bit quanta (×257), width = 2·ceil(radius)+1 taps of a one-sided Gaussian normalised by
/// a plain running sum, tap offsets ceil(i·cosθ·w/hypot − 0.5) (x) and ceil(i·sinθ·w/hypot − 0.5)
/// (y), edge virtual pixels, the weighted sum rounded to a quantum and scaled back to 8 bits as
/// the PNG writer does.
/// </summary>
public static class ImageMagickMotionBlur
{
    private const double MagickEpsilon = 1.0e-12;
    private const double SquareRootTwoPi = 2.50662827463100024161235523934010416269302368164062;

    /// <summary>GetOptimalKernelWidth1D for a positive radius: 2·ceil(radius) + 1.</summary>
    public static int Width(double radius) => radius > MagickEpsilon
        ? (int)((2.0 * Math.Ceiling(radius)) + 1.0)
        : throw new ArgumentOutOfRangeException(nameof(radius), radius, "Motion blur radius must be positive (ImageMagick would derive one from sigma).");

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static double[] Kernel(double radius, double sigma)
    {
        var width = Width(radius);
        var s = Math.Abs(sigma) < MagickEpsilon ? MagickEpsilon : sigma;
        var kernel = new double[width];
        var normalize = 0.0;
        for (var i = 0; i < width; i++)
        {
            kernel[i] = Math.Exp(-((double)i * i) / (2.0 * s * s)) / (SquareRootTwoPi * s);
            normalize += kernel[i];
        }

        for (var i = 0; i < width; i++)
        {
            kernel[i] /= normalize;
        }

        return kernel;
    }

    /// <summary>Tap offsets (row, column) for an angle in degrees.</summary>
    public static (int Row, int Column)[] Offsets(int width, double angleDegrees)
    {
        var radians = Math.PI * angleDegrees / 180.0;
        double px = width * Math.Sin(radians), py = width * Math.Cos(radians);
        var hypot = double.Hypot(px, py);
        var offsets = new (int Row, int Column)[width];
        for (var i = 0; i < width; i++)
        {
            offsets[i] = ((int)Math.Ceiling((i * px / hypot) - 0.5), (int)Math.Ceiling((i * py / hypot) - 0.5));
        }

        return offsets;
    }

    /// <summary>Blurs 8-bit pixels; <paramref name="output"/> must not alias <paramref name="image"/>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void Apply(ReadOnlySpan<byte> image, int height, int width, int channels, double radius, double sigma, double angleDegrees, Span<byte> output)
    {
        if (height < 1 || width < 1 || channels < 1 || image.Length != height * width * channels || output.Length != image.Length)
        {
            throw new ArgumentException($"Expected {height}x{width}x{channels} samples in and out, got {image.Length} and {output.Length}.");
        }

        var kernel = Kernel(radius, sigma);
        var offsets = Offsets(kernel.Length, angleDegrees);

        // 8-bit samples as 16-bit quanta (exact in double); the taps accumulate in ImageMagick's
        // order (bias 0, then tap 0, 1, …), each product rounded before its addition.
        var quanta = ScratchBuffer.Doubles(6, image.Length).AsSpan(0, image.Length);
        for (var i = 0; i < image.Length; i++)
        {
            quanta[i] = 257.0 * image[i];
        }

        var sums = ScratchBuffer.Doubles(0, image.Length).AsSpan(0, image.Length);
        MotionBlur.AccumulateTaps(quanta, height, width, channels, kernel, offsets, sums);
        for (var i = 0; i < sums.Length; i++)
        {
            output[i] = QuantumToByte(ClampToQuantum(sums[i]));
        }
    }

    private static uint ClampToQuantum(double value)
    {
        if (value <= 0.0)
        {
            return 0;
        }

        return value >= 65535.0 ? 65535u : (uint)(value + 0.5);
    }

    private static byte QuantumToByte(uint quantum) => (byte)(((quantum + 128) - ((quantum + 128) >> 8)) >> 8);
}
