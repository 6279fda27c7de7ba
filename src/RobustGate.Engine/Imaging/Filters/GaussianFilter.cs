using System.Runtime.CompilerServices;

namespace RobustGate.Engine.Imaging.Filters;

/// <summary>
/// scipy.ndimage.gaussian_filter on an interleaved H×W×C image (row-major, channels innermost; C = 1
/// for a plain H×W array) with sigma 0 on the channel axis: axis 0 (rows) is filtered first, then
/// axis 1 (columns), each with scipy's kernel and correlate1d arithmetic in double. An axis whose
/// sigma is ≤ 1e-15 is skipped, as scipy skips it.
/// </summary>
public static class GaussianFilter
{
    private const double NegligibleSigma = 1e-15;

    /// <summary>scipy's radius for a sigma: int(truncate·sigma + 0.5).</summary>
    public static int Radius(double sigma, double truncate = 4.0) => (int)((truncate * sigma) + 0.5);

    /// <summary>
    /// The full kernel w[−r..r] of scipy's _gaussian_kernel1d (order 0): exp(−0.5/σ²·x²) divided by
    /// its numpy (pairwise) sum.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static double[] Kernel(double sigma, double truncate = 4.0)
    {
        if (!(sigma > 0) || double.IsInfinity(sigma))
        {
            throw new ArgumentOutOfRangeException(nameof(sigma), sigma, "Gaussian sigma must be positive and finite.");
        }

        var radius = Radius(sigma, truncate);
        var kernel = new double[(2 * radius) + 1];
        var scale = -0.5 / (sigma * sigma);
        for (var i = 0; i < kernel.Length; i++)
        {
            long x = i - radius;
            kernel[i] = Math.Exp(scale * (x * x));
        }

        var sum = NumpySum.Pairwise(kernel);
        for (var i = 0; i < kernel.Length; i++)
        {
            kernel[i] /= sum;
        }

        return kernel;
    }

    /// <summary>Filters a float64 image; <paramref name="destination"/> may be the source itself.</summary>
    public static unsafe void Apply(
        ReadOnlySpan<double> source,
        Span<double> destination,
        int height,
        int width,
        int channels,
        double sigmaRows,
        double sigmaColumns,
        BorderMode mode,
        double truncate = 4.0,
        double constant = 0.0)
    {
        var length = CheckShape(source.Length, destination.Length, height, width, channels);
        var temp = ScratchBuffer.Doubles(1, length);
        fixed (double* src = source)
        fixed (double* dst = destination)
        fixed (double* tmp = temp)
        {
            Run(src, dst, tmp, height, width, channels, sigmaRows, sigmaColumns, mode, truncate, constant, roundToSingle: false);
        }
    }

    /// <summary>
    /// Filters a float32 image as scipy does for float32 arrays: arithmetic in double, but the
    /// result of the first axis is stored as float32 before the second axis reads it.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static unsafe void Apply(
        ReadOnlySpan<float> source,
        Span<float> destination,
        int height,
        int width,
        int channels,
        double sigmaRows,
        double sigmaColumns,
        BorderMode mode,
        double truncate = 4.0,
        double constant = 0.0)
    {
        var length = CheckShape(source.Length, destination.Length, height, width, channels);
        var wide = ScratchBuffer.Doubles(2, length);
        for (var i = 0; i < length; i++)
        {
            wide[i] = source[i];
        }

        var temp = ScratchBuffer.Doubles(1, length);
        fixed (double* w = wide)
        fixed (double* tmp = temp)
        {
            Run(w, w, tmp, height, width, channels, sigmaRows, sigmaColumns, mode, truncate, (float)constant, roundToSingle: true);
        }

        for (var i = 0; i < length; i++)
        {
            destination[i] = (float)wide[i];
        }
    }

    internal static int CheckShape(int sourceLength, int destinationLength, int height, int width, int channels)
    {
        if (height < 1 || width < 1 || channels < 1)
        {
            throw new ArgumentOutOfRangeException(nameof(height), $"Image shape {height}x{width}x{channels} must be positive.");
        }

        var length = checked(height * width * channels);
        if (sourceLength != length || destinationLength != length)
        {
            throw new ArgumentException($"Expected {length} samples for {height}x{width}x{channels}, got source {sourceLength} and destination {destinationLength}.");
        }

        return length;
    }

    private static unsafe void Run(
        double* source,
        double* destination,
        double* temp,
        int height,
        int width,
        int channels,
        double sigmaRows,
        double sigmaColumns,
        BorderMode mode,
        double truncate,
        double constant,
        bool roundToSingle)
    {
        var length = (long)height * width * channels;
        var filterRows = sigmaRows > NegligibleSigma;
        var filterColumns = sigmaColumns > NegligibleSigma;
        if (!filterRows && !filterColumns)
        {
            if (source != destination)
            {
                Buffer.MemoryCopy(source, destination, length * sizeof(double), length * sizeof(double));
            }

            return;
        }

        var current = source;
        if (filterRows)
        {
            var half = HalfKernel(sigmaRows, truncate);
            var target = filterColumns ? temp : destination;
            if (target == source)
            {
                // Filtering in place: the pass needs its input intact, so read from a copy.
                Buffer.MemoryCopy(source, temp, length * sizeof(double), length * sizeof(double));
                current = temp;
            }

            SeparablePass.Rows(current, target, height, width * channels, half, mode, constant);
            current = target;
            if (roundToSingle && filterColumns)
            {
                RoundToSingle(current, length);
            }
        }

        if (filterColumns)
        {
            var half = HalfKernel(sigmaColumns, truncate);
            if (current == destination)
            {
                Buffer.MemoryCopy(destination, temp, length * sizeof(double), length * sizeof(double));
                current = temp;
            }

            SeparablePass.Columns(current, destination, height, width, channels, half, mode, constant);
        }
    }

    private static double[] HalfKernel(double sigma, double truncate)
    {
        var kernel = Kernel(sigma, truncate);
        var radius = kernel.Length / 2;
        return kernel[radius..];
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static unsafe void RoundToSingle(double* values, long length)
    {
        for (long i = 0; i < length; i++)
        {
            values[i] = (float)values[i];
        }
    }
}
