using System.Runtime.CompilerServices;

namespace RobustGate.Engine.Imaging.Filters;

/// <summary>
/// cv2.getAffineTransform and cv2.warpAffine(src, M, (W, H), INTER_LINEAR, BORDER_REFLECT_101) on a
/// float32 interleaved H×W×C image, as OpenCV 4.6 computes them (the published generator's
/// elastic_transform): M is inverted in double, each destination pixel's source position is
/// computed in 1/1024 px fixed point (cvRound) and quantised to 1/32 px (INTER_BITS = 5), and the
/// four taps are blended in float32 with OpenCV's bilinear table weights, taps outside the image
/// reflected (101).
/// </summary>
public static class OpenCvWarpAffine
{
    private const int InterBits = 5;
    private const int InterTabSize = 1 << InterBits;
    private const int AbBits = 10;
    private const int AbScale = 1 << AbBits;
    private const int RoundDelta = AbScale / InterTabSize / 2;

    /// <summary>
    /// The 2×3 matrix (row-major, double) mapping three source points onto three destination points
    /// (each as x, y pairs), solved as OpenCV's 6×6 linear system by LU with partial pivoting.
    /// OpenCV's Debian build solves it with LAPACK, so the last bit may differ.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static double[] GetAffineTransform(ReadOnlySpan<float> source, ReadOnlySpan<float> destination)
    {
        if (source.Length != 6 || destination.Length != 6)
        {
            throw new ArgumentException("getAffineTransform takes three (x, y) points on each side.");
        }

        var a = new double[36];
        var b = new double[6];
        for (var i = 0; i < 3; i++)
        {
            int j = i * 12, k = (i * 12) + 6;
            a[j] = a[k + 3] = source[2 * i];
            a[j + 1] = a[k + 4] = source[(2 * i) + 1];
            a[j + 2] = a[k + 5] = 1;
            b[i * 2] = destination[2 * i];
            b[(i * 2) + 1] = destination[(2 * i) + 1];
        }

        SolveLu(a, b, 6);
        return b;
    }

    /// <summary>
    /// Warps <paramref name="source"/> by the forward matrix <paramref name="matrix"/> (source to
    /// destination, as cv2 takes it without WARP_INVERSE_MAP) into an outputHeight×outputWidth image.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void Apply(ReadOnlySpan<float> source, int height, int width, int channels, ReadOnlySpan<double> matrix, Span<float> output, int outputHeight, int outputWidth)
    {
        if (height < 1 || width < 1 || channels < 1 || source.Length != height * width * channels || output.Length != outputHeight * outputWidth * channels || matrix.Length != 6)
        {
            throw new ArgumentException($"warpAffine expects a {height}x{width}x{channels} source, a 6-value matrix and an {outputHeight}x{outputWidth}x{channels} output.");
        }

        var m = Invert(matrix);
        var adelta = new int[outputWidth];
        var bdelta = new int[outputWidth];
        for (var x = 0; x < outputWidth; x++)
        {
            adelta[x] = CvRound(m[0] * x * AbScale);
            bdelta[x] = CvRound(m[3] * x * AbScale);
        }

        var table = BilinearTable();
        for (var y = 0; y < outputHeight; y++)
        {
            var x0 = CvRound(((m[1] * y) + m[2]) * AbScale) + RoundDelta;
            var y0 = CvRound(((m[4] * y) + m[5]) * AbScale) + RoundDelta;
            for (var x = 0; x < outputWidth; x++)
            {
                var fx = (x0 + adelta[x]) >> (AbBits - InterBits);
                var fy = (y0 + bdelta[x]) >> (AbBits - InterBits);
                int sx = fx >> InterBits, sy = fy >> InterBits;
                var w = ((fy & (InterTabSize - 1)) * InterTabSize) + (fx & (InterTabSize - 1));
                float w0 = table[w * 4], w1 = table[(w * 4) + 1], w2 = table[(w * 4) + 2], w3 = table[(w * 4) + 3];
                int c0 = BorderIndex.Map(sx, width, BorderMode.Mirror) * channels;
                int c1 = BorderIndex.Map(sx + 1, width, BorderMode.Mirror) * channels;
                int r0 = BorderIndex.Map(sy, height, BorderMode.Mirror) * width * channels;
                int r1 = BorderIndex.Map(sy + 1, height, BorderMode.Mirror) * width * channels;
                var o = ((y * outputWidth) + x) * channels;
                for (var c = 0; c < channels; c++)
                {
                    output[o + c] = (source[r0 + c0 + c] * w0) + (source[r0 + c1 + c] * w1) + (source[r1 + c0 + c] * w2) + (source[r1 + c1 + c] * w3);
                }
            }
        }
    }

    /// <summary>OpenCV's inversion of a forward affine matrix (warpAffine without WARP_INVERSE_MAP).</summary>
    internal static double[] Invert(ReadOnlySpan<double> matrix)
    {
        var m = matrix.ToArray();
        var d = (m[0] * m[4]) - (m[1] * m[3]);
        d = d != 0 ? 1.0 / d : 0;
        double a11 = m[4] * d, a22 = m[0] * d;
        m[0] = a11;
        m[1] *= -d;
        m[3] *= -d;
        m[4] = a22;
        var b1 = (-m[0] * m[2]) - (m[1] * m[5]);
        var b2 = (-m[3] * m[2]) - (m[4] * m[5]);
        m[2] = b1;
        m[5] = b2;
        return m;
    }

    /// <summary>saturate_cast&lt;int&gt;(double): round half to even.</summary>
    private static int CvRound(double value) => (int)Math.Round(value, MidpointRounding.ToEven);

    /// <summary>BilinearTab_f: for each (y, x) 1/32 fraction, the four float32 weights (1−fy)(1−fx), (1−fy)fx, fy(1−fx), fy·fx.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static float[] BilinearTable()
    {
        var oneD = new float[InterTabSize * 2];
        var scale = 1f / InterTabSize;
        for (var i = 0; i < InterTabSize; i++)
        {
            var x = i * scale;
            oneD[2 * i] = 1f - x;
            oneD[(2 * i) + 1] = x;
        }

        var table = new float[InterTabSize * InterTabSize * 4];
        for (var i = 0; i < InterTabSize; i++)
        {
            for (var j = 0; j < InterTabSize; j++)
            {
                var t = ((i * InterTabSize) + j) * 4;
                for (var k1 = 0; k1 < 2; k1++)
                {
                    for (var k2 = 0; k2 < 2; k2++)
                    {
                        table[t + (k1 * 2) + k2] = oneD[(i * 2) + k1] * oneD[(j * 2) + k2];
                    }
                }
            }
        }

        return table;
    }

    /// <summary>Solves a·x = b in place (x in b) by Gaussian elimination with partial pivoting, as OpenCV's LUImpl.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void SolveLu(double[] a, double[] b, int n)
    {
        for (var i = 0; i < n; i++)
        {
            var pivot = i;
            for (var j = i + 1; j < n; j++)
            {
                if (Math.Abs(a[(j * n) + i]) > Math.Abs(a[(pivot * n) + i]))
                {
                    pivot = j;
                }
            }

            if (Math.Abs(a[(pivot * n) + i]) < double.Epsilon * 100)
            {
                throw new ArgumentException("getAffineTransform: the three source points are collinear.");
            }

            if (pivot != i)
            {
                for (var j = i; j < n; j++)
                {
                    (a[(i * n) + j], a[(pivot * n) + j]) = (a[(pivot * n) + j], a[(i * n) + j]);
                }

                (b[i], b[pivot]) = (b[pivot], b[i]);
            }

            var d = -1 / a[(i * n) + i];
            for (var j = i + 1; j < n; j++)
            {
                var alpha = a[(j * n) + i] * d;
                for (var k = i + 1; k < n; k++)
                {
                    a[(j * n) + k] += alpha * a[(i * n) + k];
                }

                b[j] += alpha * b[i];
            }

            a[(i * n) + i] = -d;
        }

        for (var i = n - 1; i >= 0; i--)
        {
            var s = b[i];
            for (var k = i + 1; k < n; k++)
            {
                s -= a[(i * n) + k] * b[k];
            }

            b[i] = s * a[(i * n) + i];
        }
    }
}
