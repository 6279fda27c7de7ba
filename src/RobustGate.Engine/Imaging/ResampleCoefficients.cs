using System.Runtime.CompilerServices;

namespace RobustGate.Engine.Imaging;

/// <summary>
/// One axis of PIL's convolution resampler (Resample.c, <c>precompute_coeffs</c> and
/// <c>normalize_coeffs_8bpc</c>): for each output position the first input index, the tap count,
/// and the taps as fixed-point integers with <see cref="PrecisionBits"/> fractional bits.
/// The kernel is stretched by the downscale factor, which is PIL's antialiasing.
/// </summary>
internal sealed class ResampleCoefficients
{
    public const int PrecisionBits = 32 - 8 - 2;

    private ResampleCoefficients(int kernelSize, int[] first, int[] count, int[] taps)
    {
        KernelSize = kernelSize;
        First = first;
        Count = count;
        Taps = taps;
    }

    /// <summary>Stride of <see cref="Taps"/> per output position.</summary>
    public int KernelSize { get; }

    public int[] First { get; }

    public int[] Count { get; }

    public int[] Taps { get; }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static ResampleCoefficients Compute(int inSize, double in0, double in1, int outSize, ResampleFilter filter)
    {
        var support = filter switch
        {
            ResampleFilter.Box => 0.5,
            ResampleFilter.Bilinear or ResampleFilter.Hamming => 1.0,
            ResampleFilter.Bicubic => 2.0,
            ResampleFilter.Lanczos => 3.0,
            _ => throw new ArgumentOutOfRangeException(nameof(filter), filter, "Nearest is not a convolution filter."),
        };
        var scale = (in1 - in0) / outSize;
        var filterScale = Math.Max(scale, 1.0);
        support *= filterScale;
        var kernelSize = ((int)Math.Ceiling(support) * 2) + 1;
        var first = new int[outSize];
        var count = new int[outSize];
        var taps = new int[outSize * kernelSize];
        Span<double> weights = kernelSize <= 512 ? stackalloc double[kernelSize] : new double[kernelSize];
        var inverseScale = 1.0 / filterScale;
        for (var xx = 0; xx < outSize; xx++)
        {
            var center = in0 + ((xx + 0.5) * scale);
            var xmin = Math.Max((int)(center - support + 0.5), 0);
            var xmax = Math.Min((int)(center + support + 0.5), inSize) - xmin;
            double sum = 0;
            for (var x = 0; x < xmax; x++)
            {
                var w = Kernel(filter, (x + xmin - center + 0.5) * inverseScale);
                weights[x] = w;
                sum += w;
            }

            for (var x = 0; x < xmax; x++)
            {
                var k = sum != 0.0 ? weights[x] / sum : weights[x];
                // PIL rounds half away from zero by truncating k*2^22 +/- 0.5.
                taps[(xx * kernelSize) + x] = k < 0
                    ? (int)(-0.5 + (k * (1 << PrecisionBits)))
                    : (int)(0.5 + (k * (1 << PrecisionBits)));
            }

            first[xx] = xmin;
            count[xx] = Math.Max(xmax, 0);
        }

        return new ResampleCoefficients(kernelSize, first, count, taps);
    }

    private static double Kernel(ResampleFilter filter, double x)
    {
        switch (filter)
        {
            case ResampleFilter.Box:
                return x > -0.5 && x <= 0.5 ? 1.0 : 0.0;
            case ResampleFilter.Bilinear:
                x = Math.Abs(x);
                return x < 1.0 ? 1.0 - x : 0.0;
            case ResampleFilter.Hamming:
                x = Math.Abs(x);
                if (x == 0.0)
                {
                    return 1.0;
                }

                if (x >= 1.0)
                {
                    return 0.0;
                }

                x *= Math.PI;
                return Math.Sin(x) / x * (0.54 + (0.46 * Math.Cos(x)));
            case ResampleFilter.Bicubic:
                const double a = -0.5;
                x = Math.Abs(x);
                if (x < 1.0)
                {
                    return ((((a + 2.0) * x) - (a + 3.0)) * x * x) + 1;
                }

                return x < 2.0 ? ((((((x - 5) * x) + 8) * x) - 4) * a) : 0.0;
            default:
                return -3.0 <= x && x < 3.0 ? Sinc(x) * Sinc(x / 3) : 0.0;
        }
    }

    private static double Sinc(double x)
    {
        if (x == 0.0)
        {
            return 1.0;
        }

        x *= Math.PI;
        return Math.Sin(x) / x;
    }
}
