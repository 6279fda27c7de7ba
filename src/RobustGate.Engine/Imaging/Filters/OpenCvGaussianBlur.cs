using System.Runtime.CompilerServices;

namespace RobustGate.Engine.Imaging.Filters;

/// <summary>
/// cv2.GaussianBlur(src, (k, k), sigmaX) (sigmaY = sigmaX, BORDER_REFLECT_101) on a float32
/// interleaved H×W×C image, as OpenCV 4.6 runs it for CV_32F: getGaussianKernel in float32
/// (exp in double, rounded to float, normalised by the double sum of the floats), then the
/// separable small symmetric row filter and column filter in float32 arithmetic. OpenCV's SIMD
/// build may fuse multiply-adds, so results agree to about one float32 ulp, not bit for bit.
/// </summary>
public static class OpenCvGaussianBlur
{
    /// <summary>getGaussianKernel(n, sigma, CV_32F) for sigma &gt; 0.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static float[] Kernel(int size, double sigma)
    {
        if (size < 1 || size % 2 == 0 || !(sigma > 0))
        {
            throw new ArgumentOutOfRangeException(nameof(size), $"Gaussian kernel needs an odd size and sigma > 0, got {size} and {sigma}.");
        }

        var kernel = new float[size];
        var scale = -0.5 / (sigma * sigma);
        var sum = 0.0;
        for (var i = 0; i < size; i++)
        {
            var x = i - ((size - 1) * 0.5);
            kernel[i] = (float)Math.Exp(scale * x * x);
            sum += kernel[i];
        }

        sum = 1.0 / sum;
        for (var i = 0; i < size; i++)
        {
            kernel[i] = (float)(kernel[i] * sum);
        }

        return kernel;
    }

    /// <summary>Blurs a float32 image with a square kernel of odd <paramref name="size"/>; may run in place.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void Apply(ReadOnlySpan<float> source, Span<float> destination, int height, int width, int channels, int size, double sigma)
    {
        if (height < 1 || width < 1 || channels < 1 || source.Length != height * width * channels || destination.Length != source.Length)
        {
            throw new ArgumentException($"Expected {height}x{width}x{channels} samples in and out, got {source.Length} and {destination.Length}.");
        }

        var kernel = Kernel(size, sigma);
        var radius = size / 2;
        var rowLength = width * channels;
        var rows = ScratchBuffer.Singles(1, source.Length).AsSpan(0, source.Length);
        var extended = ScratchBuffer.Singles(2, (width + (2 * radius)) * channels);
        for (var y = 0; y < height; y++)
        {
            var row = source.Slice(y * rowLength, rowLength);
            for (var x = 0; x < width + (2 * radius); x++)
            {
                var sx = BorderIndex.Map(x - radius, width, BorderMode.Mirror);
                row.Slice(sx * channels, channels).CopyTo(extended.AsSpan(x * channels, channels));
            }

            var outRow = rows.Slice(y * rowLength, rowLength);
            for (var k = 0; k < rowLength; k++)
            {
                var centre = k + (radius * channels);
                var s = extended[centre] * kernel[radius];
                for (var j = 1; j <= radius; j++)
                {
                    s += (extended[centre - (j * channels)] + extended[centre + (j * channels)]) * kernel[radius + j];
                }

                outRow[k] = s;
            }
        }

        for (var y = 0; y < height; y++)
        {
            var outRow = destination.Slice(y * rowLength, rowLength);
            var centre = rows.Slice(y * rowLength, rowLength);
            for (var k = 0; k < rowLength; k++)
            {
                var s = centre[k] * kernel[radius];
                for (var j = 1; j <= radius; j++)
                {
                    var above = BorderIndex.Map(y - j, height, BorderMode.Mirror);
                    var below = BorderIndex.Map(y + j, height, BorderMode.Mirror);
                    s += (rows[(above * rowLength) + k] + rows[(below * rowLength) + k]) * kernel[radius + j];
                }

                outRow[k] = s;
            }
        }
    }
}
