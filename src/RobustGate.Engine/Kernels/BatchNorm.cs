using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;

namespace RobustGate.Engine.Kernels;

/// <summary>
/// Batch-normalisation kernels over [N, C, HW] data. Work is split by channel: one task reads a
/// channel's N planes for its statistics and then, while they are still in cache (N * HW floats,
/// 256 KiB for a 64-image batch of 32x32 maps), normalises them, so training-mode batch norm
/// reads its input from memory about once forward and its input and gradient about once backward.
/// Per-channel sums run plane by plane (n = 0..N-1) with 16-lane float accumulators whose layout
/// depends only on element positions, each plane's lanes added in double in a fixed order: the
/// results are identical for any thread count and for Vector512 or Vector256 hardware.
/// </summary>
public static class BatchNorm
{
    /// <summary>
    /// Per-channel mean and biased variance in one pass: sums of d and d^2 with d = x - x0, where x0
    /// is the channel's first value. Shifting by a sample of the channel keeps E[d^2] - E[d]^2 from
    /// cancelling when the mean is large against the spread.
    /// </summary>
    public static void Statistics(int n, int c, int hw, ReadOnlySpan<float> input, Span<float> mean, Span<float> variance)
    {
        Check(n, c, hw, input.Length, mean.Length, variance.Length);
        unsafe
        {
            fixed (float* pin = input, pm = mean, pv = variance)
            {
                var (inP, mP, vP) = ((nint)pin, (nint)pm, (nint)pv);
                ParallelLoop.For(c, ch =>
                {
                    var (m, v) = ChannelMoments((float*)inP, n, c, hw, ch);
                    ((float*)mP)[ch] = (float)m;
                    ((float*)vP)[ch] = (float)v;
                });
            }
        }
    }

    /// <summary>
    /// Training-mode forward: per channel the batch mean and biased variance (as <see cref="Statistics"/>),
    /// invStd = 1 / sqrt(variance + eps), and output = (x - mean) * invStd * weight + bias in the same task.
    /// Weight and bias may be empty (1 and 0). Input and output may alias.
    /// </summary>
    public static void TrainingForward(int n, int c, int hw, ReadOnlySpan<float> input, ReadOnlySpan<float> weight, ReadOnlySpan<float> bias, float eps, Span<float> mean, Span<float> variance, Span<float> invStd, Span<float> output)
    {
        Check(n, c, hw, input.Length, mean.Length, variance.Length);
        CheckOptional(c, weight.Length, bias.Length, invStd.Length);
        if (output.Length != input.Length)
        {
            throw new ArgumentException("Batch-norm output length differs from the input.");
        }

        var hasWeight = !weight.IsEmpty;
        var hasBias = !bias.IsEmpty;
        unsafe
        {
            fixed (float* pin = input, pw = weight, pb = bias, pm = mean, pv = variance, pis = invStd, pout = output)
            {
                var (inP, wP, bP, mP, vP, isP, outP) = ((nint)pin, (nint)pw, (nint)pb, (nint)pm, (nint)pv, (nint)pis, (nint)pout);
                ParallelLoop.For(c, ch =>
                {
                    var (m, v) = ChannelMoments((float*)inP, n, c, hw, ch);
                    var meanF = (float)m;
                    var inv = (float)(1.0 / Math.Sqrt(v + eps));
                    ((float*)mP)[ch] = meanF;
                    ((float*)vP)[ch] = (float)v;
                    ((float*)isP)[ch] = inv;
                    var scale = (hasWeight ? ((float*)wP)[ch] : 1f) * inv;
                    var shift = (hasBias ? ((float*)bP)[ch] : 0f) - (meanF * scale);
                    for (var i = 0; i < n; i++)
                    {
                        var offset = (((long)i * c) + ch) * hw;
                        AffinePlane((float*)inP + offset, (float*)outP + offset, hw, scale, shift);
                    }
                });
            }
        }
    }

    /// <summary>output = input * scale[c] + shift[c] for every plane, one fused multiply-add per element (input and output may alias).</summary>
    public static void Affine(int n, int c, int hw, ReadOnlySpan<float> input, ReadOnlySpan<float> scale, ReadOnlySpan<float> shift, Span<float> output)
    {
        Check(n, c, hw, input.Length, scale.Length, shift.Length);
        if (output.Length != input.Length)
        {
            throw new ArgumentException("Batch-norm output length differs from the input.");
        }

        unsafe
        {
            fixed (float* pin = input, ps = scale, pb = shift, pout = output)
            {
                var (inP, sP, bP, outP) = ((nint)pin, (nint)ps, (nint)pb, (nint)pout);
                ParallelLoop.For(n * c, plane =>
                {
                    var ch = plane % c;
                    var offset = (long)plane * hw;
                    AffinePlane((float*)inP + offset, (float*)outP + offset, hw, ((float*)sP)[ch], ((float*)bP)[ch]);
                });
            }
        }
    }

    /// <summary>
    /// Training-mode backward in one task per channel. Pass 1 sums sumDy[c] = sum dy and
    /// sumDyCentered[c] = sum dy * (x - mean[c]); pass 2 (skipped when <paramref name="gradInput"/> is
    /// empty) writes dx = k * (dy - sumDy / M - (x - mean) * invStd^2 * sumDyCentered / M), k = weight * invStd,
    /// M = N * HW, folded into dx = k * dy + (a * x + b) per channel. gradInput may alias gradOutput.
    /// </summary>
    public static void TrainingBackward(int n, int c, int hw, ReadOnlySpan<float> input, ReadOnlySpan<float> gradOutput, ReadOnlySpan<float> mean, ReadOnlySpan<float> invStd, ReadOnlySpan<float> weight, Span<float> sumDy, Span<float> sumDyCentered, Span<float> gradInput)
    {
        Check(n, c, hw, input.Length, mean.Length, invStd.Length);
        CheckOptional(c, weight.Length, 0, sumDy.Length);
        if (gradOutput.Length != input.Length || sumDyCentered.Length != c || (!gradInput.IsEmpty && gradInput.Length != input.Length))
        {
            throw new ArgumentException("Batch-norm gradient buffers do not match the input.");
        }

        var hasWeight = !weight.IsEmpty;
        var writeInput = !gradInput.IsEmpty;
        var count = (double)n * hw;
        unsafe
        {
            fixed (float* pin = input, pgo = gradOutput, pm = mean, pis = invStd, pw = weight, ps = sumDy, psc = sumDyCentered, pgi = gradInput)
            {
                var (inP, goP, mP, isP, wP, sP, scP, giP) = ((nint)pin, (nint)pgo, (nint)pm, (nint)pis, (nint)pw, (nint)ps, (nint)psc, (nint)pgi);
                ParallelLoop.For(c, ch =>
                {
                    var m = ((float*)mP)[ch];
                    double s = 0, sc = 0;
                    for (var i = 0; i < n; i++)
                    {
                        var offset = (((long)i * c) + ch) * hw;
                        var (planeS, planeSc) = PlaneGradientSums((float*)goP + offset, (float*)inP + offset, hw, m);
                        s += planeS;
                        sc += planeSc;
                    }

                    ((float*)sP)[ch] = (float)s;
                    ((float*)scP)[ch] = (float)sc;
                    if (!writeInput)
                    {
                        return;
                    }

                    // Constants folded in double from the double sums.
                    double inv = ((float*)isP)[ch];
                    var k = (hasWeight ? ((float*)wP)[ch] : 1.0) * inv;
                    var projection = sc * inv * inv / count;
                    var coefDy = (float)k;
                    var coefX = (float)(-k * projection);
                    var constant = (float)(k * ((m * projection) - (s / count)));
                    for (var i = 0; i < n; i++)
                    {
                        var offset = (((long)i * c) + ch) * hw;
                        InputGradientPlane((float*)goP + offset, (float*)inP + offset, (float*)giP + offset, hw, coefDy, coefX, constant);
                    }
                });
            }
        }
    }

    /// <summary>output = input * scale[c] per plane (eval-mode batch norm's input gradient).</summary>
    public static void Scale(int n, int c, int hw, ReadOnlySpan<float> input, ReadOnlySpan<float> scale, Span<float> output)
    {
        Check(n, c, hw, input.Length, scale.Length, c);
        if (output.Length != input.Length)
        {
            throw new ArgumentException("Batch-norm output length differs from the input.");
        }

        unsafe
        {
            fixed (float* pin = input, ps = scale, pout = output)
            {
                var (inP, sP, outP) = ((nint)pin, (nint)ps, (nint)pout);
                ParallelLoop.For(n * c, plane =>
                {
                    var offset = (long)plane * hw;
                    AffinePlane((float*)inP + offset, (float*)outP + offset, hw, ((float*)sP)[plane % c], 0f);
                });
            }
        }
    }

    /// <summary>Mean and biased variance of channel <paramref name="ch"/>, in double, from shifted one-pass sums.</summary>
    private static unsafe (double Mean, double Variance) ChannelMoments(float* x, int n, int c, int hw, int ch)
    {
        var shift = n > 0 ? x[(long)ch * hw] : 0f;
        double sum = 0, squares = 0;
        for (var i = 0; i < n; i++)
        {
            var (s, ss) = PlaneShiftedSums(x + ((((long)i * c) + ch) * hw), hw, shift);
            sum += s;
            squares += ss;
        }

        var count = (double)n * hw;
        var meanShifted = sum / count;
        var variance = Math.Max(0.0, (squares / count) - (meanShifted * meanShifted));
        return (shift + meanShifted, variance);
    }

    /// <summary>Sum of d and of d^2 for d = x - shift over one plane.</summary>
    private static unsafe (double Sum, double Squares) PlaneShiftedSums(float* x, int length, float shift)
    {
        var i = 0;
        double sum = 0, squares = 0;
        if (length >= Vector512<float>.Count)
        {
            var sh = Vector512.Create(shift);
            Vector512<float> s = Vector512<float>.Zero, ss = s;
            for (; i <= length - Vector512<float>.Count; i += Vector512<float>.Count)
            {
                var d = Vector512.Load(x + i) - sh;
                s += d;
                ss += d * d;
            }

            (sum, squares) = (LaneSum(s), LaneSum(ss));
        }

        for (; i < length; i++)
        {
            var d = x[i] - shift;
            sum += d;
            squares += d * d;
        }

        return (sum, squares);
    }

    /// <summary>Sum of dy and of dy * (x - mean) over one plane.</summary>
    private static unsafe (double Sum, double Centered) PlaneGradientSums(float* dy, float* x, int length, float mean)
    {
        var i = 0;
        double sum = 0, centered = 0;
        if (length >= Vector512<float>.Count)
        {
            var m = Vector512.Create(mean);
            Vector512<float> s = Vector512<float>.Zero, sc = s;
            for (; i <= length - Vector512<float>.Count; i += Vector512<float>.Count)
            {
                var g = Vector512.Load(dy + i);
                s += g;
                sc += g * (Vector512.Load(x + i) - m);
            }

            (sum, centered) = (LaneSum(s), LaneSum(sc));
        }

        for (; i < length; i++)
        {
            sum += dy[i];
            centered += dy[i] * (x[i] - mean);
        }

        return (sum, centered);
    }

    /// <summary>The 16 lanes added in double, lane 0 first.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static double LaneSum(Vector512<float> v)
    {
        double total = 0;
        for (var lane = 0; lane < Vector512<float>.Count; lane++)
        {
            total += v[lane];
        }

        return total;
    }

    /// <summary>y = x * scale + shift with a fused multiply-add, so every vector width gives the same bits.</summary>
    private static unsafe void AffinePlane(float* x, float* y, int length, float scale, float shift)
    {
        var i = 0;
        if (Vector512.IsHardwareAccelerated)
        {
            var (a, b) = (Vector512.Create(scale), Vector512.Create(shift));
            for (; i <= length - Vector512<float>.Count; i += Vector512<float>.Count)
            {
                Vector512.FusedMultiplyAdd(Vector512.Load(x + i), a, b).Store(y + i);
            }
        }
        else if (Vector256.IsHardwareAccelerated)
        {
            var (a, b) = (Vector256.Create(scale), Vector256.Create(shift));
            for (; i <= length - Vector256<float>.Count; i += Vector256<float>.Count)
            {
                Vector256.FusedMultiplyAdd(Vector256.Load(x + i), a, b).Store(y + i);
            }
        }

        for (; i < length; i++)
        {
            y[i] = MathF.FusedMultiplyAdd(x[i], scale, shift);
        }
    }

    /// <summary>dx = dy * coefDy + (x * coefX + constant), two fused multiply-adds per element.</summary>
    private static unsafe void InputGradientPlane(float* dy, float* x, float* dx, int length, float coefDy, float coefX, float constant)
    {
        var i = 0;
        if (Vector512.IsHardwareAccelerated)
        {
            var (a, b, k) = (Vector512.Create(coefDy), Vector512.Create(coefX), Vector512.Create(constant));
            for (; i <= length - Vector512<float>.Count; i += Vector512<float>.Count)
            {
                Vector512.FusedMultiplyAdd(Vector512.Load(dy + i), a, Vector512.FusedMultiplyAdd(Vector512.Load(x + i), b, k)).Store(dx + i);
            }
        }
        else if (Vector256.IsHardwareAccelerated)
        {
            var (a, b, k) = (Vector256.Create(coefDy), Vector256.Create(coefX), Vector256.Create(constant));
            for (; i <= length - Vector256<float>.Count; i += Vector256<float>.Count)
            {
                Vector256.FusedMultiplyAdd(Vector256.Load(dy + i), a, Vector256.FusedMultiplyAdd(Vector256.Load(x + i), b, k)).Store(dx + i);
            }
        }

        for (; i < length; i++)
        {
            dx[i] = MathF.FusedMultiplyAdd(dy[i], coefDy, MathF.FusedMultiplyAdd(x[i], coefX, constant));
        }
    }

    private static void Check(int n, int c, int hw, int inputLength, int perChannelA, int perChannelB)
    {
        if (n < 0 || c <= 0 || hw <= 0 || inputLength != (long)n * c * hw || perChannelA != c || perChannelB != c)
        {
            throw new ArgumentException($"Batch-norm buffers do not match N={n}, C={c}, HW={hw}.");
        }
    }

    /// <summary>Optional per-channel buffers are empty or have C entries; required ones have C.</summary>
    private static void CheckOptional(int c, int optionalA, int optionalB, int required)
    {
        if ((optionalA != 0 && optionalA != c) || (optionalB != 0 && optionalB != c) || required != c)
        {
            throw new ArgumentException($"Batch-norm per-channel buffers must have C={c} entries.");
        }
    }
}
