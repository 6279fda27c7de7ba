using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace RobustGate.Engine.Imaging.Filters;

/// <summary>
/// cv2.resize on 8-bit interleaved H×W×C images with INTER_CUBIC (Keys, a = −0.75) or INTER_LINEAR,
/// reproducing OpenCV 4.6's fixed-point path bit for bit (11-bit coefficients, integer horizontal
/// pass, replicated borders) including its SIMD vertical pass, which rounds through float32
/// (cubic: all but the last (row length mod 8) samples of a row, which take the exact integer
/// formula) or through 16-bit intermediates (linear: every sample). Only a window of the result is computed — frost crops a
/// 224×224 piece out of a texture scaled to 991×660.
/// </summary>
public static class OpenCvResize
{
    private const int CoefficientBits = 11;
    private const int CoefficientScale = 1 << CoefficientBits;

    /// <summary>The size cv2.resize(src, (0, 0), fx=fx, fy=fy) produces: round(W·fx) × round(H·fy).</summary>
    public static (int Height, int Width) ScaledSize(int height, int width, double fx, double fy)
        => ((int)Math.Round(height * fy, MidpointRounding.ToEven), (int)Math.Round(width * fx, MidpointRounding.ToEven));

    /// <summary>cv2.resize(src, (outputWidth, outputHeight), interpolation=INTER_CUBIC), window only.</summary>
    public static void Cubic(ReadOnlySpan<byte> source, int height, int width, int channels, int outputHeight, int outputWidth, Span<byte> window, int top, int left, int windowHeight, int windowWidth)
        => Resize(true, source, height, width, channels, outputHeight, outputWidth, 1.0 / ((double)outputWidth / width), 1.0 / ((double)outputHeight / height), window, top, left, windowHeight, windowWidth);

    /// <summary>cv2.resize(src, (outputWidth, outputHeight)) with the default INTER_LINEAR, window only.</summary>
    public static void Linear(ReadOnlySpan<byte> source, int height, int width, int channels, int outputHeight, int outputWidth, Span<byte> window, int top, int left, int windowHeight, int windowWidth)
        => Resize(false, source, height, width, channels, outputHeight, outputWidth, 1.0 / ((double)outputWidth / width), 1.0 / ((double)outputHeight / height), window, top, left, windowHeight, windowWidth);

    /// <summary>cv2.resize(src, (0, 0), fx=fx, fy=fy) with INTER_LINEAR (the CIFAR frost), window only; see <see cref="ScaledSize"/>.</summary>
    public static void LinearScaled(ReadOnlySpan<byte> source, int height, int width, int channels, double fx, double fy, Span<byte> window, int top, int left, int windowHeight, int windowWidth)
    {
        var (outputHeight, outputWidth) = ScaledSize(height, width, fx, fy);
        Resize(false, source, height, width, channels, outputHeight, outputWidth, 1.0 / fx, 1.0 / fy, window, top, left, windowHeight, windowWidth);
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void Resize(bool cubic, ReadOnlySpan<byte> source, int height, int width, int channels, int outputHeight, int outputWidth, double scaleX, double scaleY, Span<byte> window, int top, int left, int windowHeight, int windowWidth)
    {
        if (height < 1 || width < 1 || channels < 1 || source.Length != height * width * channels)
        {
            throw new ArgumentException($"Source buffer of {source.Length} bytes does not hold {height}x{width}x{channels}.");
        }

        if (outputHeight < 1 || outputWidth < 1 || top < 0 || left < 0 || top + windowHeight > outputHeight || left + windowWidth > outputWidth || window.Length != windowHeight * windowWidth * channels)
        {
            throw new ArgumentException($"Window {windowHeight}x{windowWidth} at ({top},{left}) does not fit a {outputHeight}x{outputWidth} result, or its buffer ({window.Length}) has the wrong size.");
        }

        var taps = cubic ? 4 : 2;
        var xStart = new int[windowWidth];
        var xWeights = new short[windowWidth * taps];
        for (var i = 0; i < windowWidth; i++)
        {
            (xStart[i], var w) = Coefficients(cubic, left + i, scaleX, width);
            w.CopyTo(xWeights.AsSpan(i * taps));
        }

        var yStart = new int[windowHeight];
        var yWeights = new short[windowHeight * taps];
        for (var i = 0; i < windowHeight; i++)
        {
            (yStart[i], var w) = Coefficients(cubic, top + i, scaleY, -1);
            w.CopyTo(yWeights.AsSpan(i * taps));
        }

        // Horizontal pass over every source row the window reads (replicated at the edges).
        var firstRow = Math.Clamp(yStart[0] - (cubic ? 1 : 0), 0, height - 1);
        var lastRow = Math.Clamp(yStart[windowHeight - 1] + (cubic ? 2 : 1), 0, height - 1);
        var rowLength = windowWidth * channels;
        var horizontal = ScratchBuffer.Ints(1, (lastRow - firstRow + 1) * rowLength);

        // Per window sample (pixel × channel): its taps' clamped byte offsets in a source row and
        // their weights, so the row loop is loads and multiply-adds (integer: any order is exact).
        var tapOffsets = ScratchBuffer.Ints(2, rowLength * taps);
        var tapWeights = ScratchBuffer.Ints(3, rowLength * taps);
        for (var i = 0; i < windowWidth; i++)
        {
            for (var c = 0; c < channels; c++)
            {
                var e = (i * channels) + c;
                for (var k = 0; k < taps; k++)
                {
                    var sx = Math.Clamp(xStart[i] + k - (cubic ? 1 : 0), 0, width - 1);
                    tapOffsets[(e * taps) + k] = (sx * channels) + c;
                    tapWeights[(e * taps) + k] = xWeights[(i * taps) + k];
                }
            }
        }

        for (var sy = firstRow; sy <= lastRow; sy++)
        {
            var row = source.Slice(sy * width * channels, width * channels);
            var dst = horizontal.AsSpan((sy - firstRow) * rowLength, rowLength);
            if (cubic)
            {
                HorizontalCubic(row, tapOffsets, tapWeights, dst);
                continue;
            }

            for (var e = 0; e < rowLength; e++)
            {
                dst[e] = (row[tapOffsets[2 * e]] * tapWeights[2 * e]) + (row[tapOffsets[(2 * e) + 1]] * tapWeights[(2 * e) + 1]);
            }
        }

        // OpenCV's SSE2 cubic vertical kernel covers whole blocks of 8 from the start of each full
        // row and the rest takes the exact integer formula; the linear one reaches every sample
        // (measured against OpenCV 4.6: the 16-bit formula holds up to the last byte of a row).
        var fullRow = outputWidth * channels;
        var vectorLimit = cubic ? fullRow - (fullRow % 8) : fullRow;

        // Window samples before this offset take the float32 kernel.
        var floatSamples = Math.Clamp(vectorLimit - (left * channels), 0, rowLength);
        Span<int> rows = stackalloc int[4];
        for (var y = 0; y < windowHeight; y++)
        {
            for (var k = 0; k < taps; k++)
            {
                rows[k] = (Math.Clamp(yStart[y] + k - (cubic ? 1 : 0), 0, height - 1) - firstRow) * rowLength;
            }

            var b = yWeights.AsSpan(y * taps, taps);
            var outRow = window.Slice(y * rowLength, rowLength);
            var e = 0;
            if (cubic)
            {
                e = CubicVerticalFloat(horizontal.AsSpan(rows[0], rowLength), horizontal.AsSpan(rows[1], rowLength), horizontal.AsSpan(rows[2], rowLength), horizontal.AsSpan(rows[3], rowLength), b, outRow[..floatSamples]);
            }

            for (; e < rowLength; e++)
            {
                var vectorised = e < floatSamples;
                outRow[e] = cubic
                    ? CubicVertical(horizontal[rows[0] + e], horizontal[rows[1] + e], horizontal[rows[2] + e], horizontal[rows[3] + e], b, vectorised)
                    : LinearVertical(horizontal[rows[0] + e], horizontal[rows[1] + e], b, vectorised);
            }
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void HorizontalCubic(ReadOnlySpan<byte> row, int[] tapOffsets, int[] tapWeights, Span<int> destination)
    {
        ref var offsets = ref MemoryMarshal.GetArrayDataReference(tapOffsets);
        ref var weights = ref MemoryMarshal.GetArrayDataReference(tapWeights);
        for (var e = 0; e < destination.Length; e++)
        {
            var t = e * 4;
            destination[e] = (row[Unsafe.Add(ref offsets, t)] * Unsafe.Add(ref weights, t))
                + (row[Unsafe.Add(ref offsets, t + 1)] * Unsafe.Add(ref weights, t + 1))
                + (row[Unsafe.Add(ref offsets, t + 2)] * Unsafe.Add(ref weights, t + 2))
                + (row[Unsafe.Add(ref offsets, t + 3)] * Unsafe.Add(ref weights, t + 3));
        }
    }

    /// <summary>
    /// <see cref="CubicVertical"/>'s float32 kernel for 8 samples at a time: the int → float
    /// conversions are exact (the sums are below 2^24), and the unfused products and sums run in
    /// the scalar order, so every byte is the scalar one. Returns the samples written.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static int CubicVerticalFloat(ReadOnlySpan<int> r0, ReadOnlySpan<int> r1, ReadOnlySpan<int> r2, ReadOnlySpan<int> r3, ReadOnlySpan<short> b, Span<byte> output)
    {
        if (!Vector256.IsHardwareAccelerated)
        {
            return 0;
        }

        const float scale = 1f / (CoefficientScale * CoefficientScale);
        var b0 = Vector256.Create(b[0] * scale);
        var b1 = Vector256.Create(b[1] * scale);
        var b2 = Vector256.Create(b[2] * scale);
        var b3 = Vector256.Create(b[3] * scale);
        var zero = Vector256<int>.Zero;
        var max = Vector256.Create(255);
        var e = 0;
        for (; e + 8 <= output.Length; e += 8)
        {
            var t = Vector256.ConvertToSingle(Vector256.Create(r3.Slice(e, 8))) * b3;
            t = (Vector256.ConvertToSingle(Vector256.Create(r2.Slice(e, 8))) * b2) + t;
            t = (Vector256.ConvertToSingle(Vector256.Create(r1.Slice(e, 8))) * b1) + t;
            t = (Vector256.ConvertToSingle(Vector256.Create(r0.Slice(e, 8))) * b0) + t;
            var rounded = Vector256.Min(Vector256.Max(Vector256.ConvertToInt32(Vector256.Round(t)), zero), max);
            var shorts = Vector256.Narrow(rounded, rounded).AsUInt16();
            Unsafe.WriteUnaligned(ref output[e], Vector256.Narrow(shorts, shorts).AsUInt64().ToScalar());
        }

        return e;
    }

    /// <summary>
    /// Source start index and 11-bit weights for destination index d on one axis. For the x axis
    /// (<paramref name="clampLength"/> = width) INTER_LINEAR pins out-of-range positions to the edge
    /// with a zero fraction, as OpenCV does; rows are clamped when fetched instead.
    /// </summary>
    private static (int Start, short[] Weights) Coefficients(bool cubic, int d, double scale, int clampLength)
    {
        var f = (float)(((d + 0.5) * scale) - 0.5);
        var s = (int)Math.Floor(f);
        f -= s;
        if (!cubic && clampLength > 0)
        {
            if (s < 0)
            {
                f = 0;
                s = 0;
            }

            if (s >= clampLength - 1)
            {
                f = 0;
                s = clampLength - 1;
            }
        }

        Span<float> c = stackalloc float[4];
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

        var weights = new short[cubic ? 4 : 2];
        for (var k = 0; k < weights.Length; k++)
        {
            weights[k] = SaturateShort(MathF.Round(c[k] * CoefficientScale, MidpointRounding.ToEven));
        }

        return (s, weights);
    }

    private static byte CubicVertical(int s0, int s1, int s2, int s3, ReadOnlySpan<short> b, bool vectorised)
    {
        if (vectorised)
        {
            // VResizeCubicVec_32s8u: float32, innermost tap first, mul and add unfused (SSE2).
            const float scale = 1f / (CoefficientScale * CoefficientScale);
            var t = s3 * (b[3] * scale);
            t = (s2 * (b[2] * scale)) + t;
            t = (s1 * (b[1] * scale)) + t;
            t = (s0 * (b[0] * scale)) + t;
            return SaturateByte((int)MathF.Round(t, MidpointRounding.ToEven));
        }

        var sum = ((long)s0 * b[0]) + ((long)s1 * b[1]) + ((long)s2 * b[2]) + ((long)s3 * b[3]);
        return SaturateByte((int)((sum + (1L << 21)) >> 22));
    }

    private static byte LinearVertical(int s0, int s1, ReadOnlySpan<short> b, bool vectorised)
    {
        if (vectorised)
        {
            // VResizeLinearVec_32s8u: (s >> 4) as int16, high half of the product with the weight,
            // a saturating 16-bit sum, then a rounding shift by 2.
            var t0 = (SaturateShort(s0 >> 4) * b[0]) >> 16;
            var t1 = (SaturateShort(s1 >> 4) * b[1]) >> 16;
            var sum = Math.Clamp(t0 + t1, short.MinValue, short.MaxValue);
            return SaturateByte((sum + 2) >> 2);
        }

        var value = ((long)s0 * b[0]) + ((long)s1 * b[1]);
        return SaturateByte((int)((value + (1L << 21)) >> 22));
    }

    private static short SaturateShort(float value) => (short)Math.Clamp(value, short.MinValue, short.MaxValue);

    private static short SaturateShort(int value) => (short)Math.Clamp(value, short.MinValue, short.MaxValue);

    private static byte SaturateByte(int value) => (byte)Math.Clamp(value, 0, 255);
}
