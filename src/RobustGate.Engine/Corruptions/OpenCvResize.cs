using RobustGate.Engine.Imaging;

namespace RobustGate.Engine.Corruptions;

/// <summary>
/// OpenCV 4's <c>cv::resize</c> on 8-bit images for the two modes frost uses (INTER_CUBIC in
/// imagecorruptions, INTER_LINEAR with fx = fy = 0.2 in the CIFAR-10-C generator): source position
/// (d + 0.5)·scale − 0.5 in float with scale = 1/(dst/src) in double, coefficients in float rounded
/// to 11-bit shorts, a horizontal integer pass with edge replication, then OpenCV's SIMD vertical
/// pass — for cubic the float form Σ S·(β·2⁻²²) rounded half-to-even, for linear the 16-bit
/// <c>mul_hi</c> form ((β·(S≫4))≫16 summed, +2, ≫2) — saturated to 8 bits.
/// </summary>
internal static class OpenCvResize
{
    private const int CoefficientScale = 2048;

    public static Image Cubic(Image source, int width, int height) => Resize(source, width, height, cubic: true);

    public static Image Linear(Image source, int width, int height) => Resize(source, width, height, cubic: false);

    /// <summary>cv2.resize's destination size for scale factors: round(W·fx), round(H·fy).</summary>
    public static (int Width, int Height) ScaledSize(int width, int height, double fx, double fy) =>
        ((int)Math.Round(width * fx, MidpointRounding.ToEven), (int)Math.Round(height * fy, MidpointRounding.ToEven));

    private static Image Resize(Image source, int width, int height, bool cubic)
    {
        var cn = source.Channels;
        var taps = cubic ? 4 : 2;
        var (xOffsets, alpha) = Coefficients(source.Width, width, taps, cubic, clampLinear: true);
        var (yOffsets, beta) = Coefficients(source.Height, height, taps, cubic, clampLinear: false);

        var rowLength = width * cn;
        var rows = new int[taps][];
        for (var k = 0; k < taps; k++)
        {
            rows[k] = new int[rowLength];
        }

        var output = new Image(width, height, cn);
        var dst = output.Pixels;
        var src = source.Pixels;
        var srcRow = source.Width * cn;
        for (var dy = 0; dy < height; dy++)
        {
            for (var k = 0; k < taps; k++)
            {
                var sy = Math.Clamp(yOffsets[dy] - ((taps / 2) - 1) + k, 0, source.Height - 1);
                Horizontal(src.AsSpan(sy * srcRow, srcRow), rows[k], xOffsets, alpha, width, cn, taps);
            }

            var o = dy * rowLength;
            if (cubic)
            {
                const float scale = 1f / (CoefficientScale * CoefficientScale);
                float b0 = beta[dy * 4] * scale, b1 = beta[(dy * 4) + 1] * scale, b2 = beta[(dy * 4) + 2] * scale, b3 = beta[(dy * 4) + 3] * scale;
                int[] s0 = rows[0], s1 = rows[1], s2 = rows[2], s3 = rows[3];
                for (var x = 0; x < rowLength; x++)
                {
                    var v = (s0[x] * b0) + ((s1[x] * b1) + ((s2[x] * b2) + (s3[x] * b3)));
                    var r = (int)MathF.Round(v, MidpointRounding.ToEven);
                    dst[o + x] = (byte)Math.Clamp(r, 0, 255);
                }
            }
            else
            {
                int b0 = beta[dy * 2], b1 = beta[(dy * 2) + 1];
                int[] s0 = rows[0], s1 = rows[1];
                for (var x = 0; x < rowLength; x++)
                {
                    var a = (short)Math.Clamp(s0[x] >> 4, short.MinValue, short.MaxValue);
                    var b = (short)Math.Clamp(s1[x] >> 4, short.MinValue, short.MaxValue);
                    var sum = (short)(((b0 * a) >> 16) + ((b1 * b) >> 16));
                    dst[o + x] = (byte)Math.Clamp((sum + 2) >> 2, 0, 255);
                }
            }
        }

        return output;
    }

    private static void Horizontal(ReadOnlySpan<byte> row, int[] destination, int[] xOffsets, short[] alpha, int width, int cn, int taps)
    {
        var last = (row.Length / cn) - 1;
        for (var dx = 0; dx < width; dx++)
        {
            var first = xOffsets[dx] - ((taps / 2) - 1);
            for (var c = 0; c < cn; c++)
            {
                var v = 0;
                for (var k = 0; k < taps; k++)
                {
                    var sx = Math.Clamp(first + k, 0, last);
                    v += row[(sx * cn) + c] * alpha[(dx * taps) + k];
                }

                destination[(dx * cn) + c] = v;
            }
        }
    }

    private static (int[] Offsets, short[] Weights) Coefficients(int sourceLength, int length, int taps, bool cubic, bool clampLinear)
    {
        var scale = 1.0 / ((double)length / sourceLength);
        var offsets = new int[length];
        var weights = new short[length * taps];
        Span<float> c = stackalloc float[4];
        for (var d = 0; d < length; d++)
        {
            var f = (float)(((d + 0.5) * scale) - 0.5);
            var s = (int)MathF.Floor(f);
            f -= s;
            if (!cubic && clampLinear)
            {
                if (s < 0)
                {
                    f = 0;
                    s = 0;
                }

                if (s >= sourceLength - 1)
                {
                    f = 0;
                    s = sourceLength - 1;
                }
            }

            offsets[d] = s;
            if (cubic)
            {
                const float a = -0.75f;
                c[0] = ((((a * (f + 1)) - (5 * a)) * (f + 1)) + (8 * a)) * (f + 1) - (4 * a);
                c[1] = ((((a + 2) * f) - (a + 3)) * f * f) + 1;
                c[2] = ((((a + 2) * (1 - f)) - (a + 3)) * (1 - f) * (1 - f)) + 1;
                c[3] = 1f - c[0] - c[1] - c[2];
            }
            else
            {
                c[0] = 1f - f;
                c[1] = f;
            }

            for (var k = 0; k < taps; k++)
            {
                weights[(d * taps) + k] = (short)Math.Clamp(MathF.Round(c[k] * CoefficientScale, MidpointRounding.ToEven), short.MinValue, short.MaxValue);
            }
        }

        return (offsets, weights);
    }
}
