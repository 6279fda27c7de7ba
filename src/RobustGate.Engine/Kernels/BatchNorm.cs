using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;

namespace RobustGate.Engine.Kernels;

/// <summary>
/// Batch-normalisation kernels over [N, C, HW] data. Work is split into blocks of consecutive
/// channels, and a block walks the tensor in memory order, image by image, its channels' planes
/// side by side: one contiguous run per image. Walking one channel's N planes instead (a stride of
/// C * HW floats between short runs) defeated the prefetchers and the TLB, and training-mode
/// forward took 3-8 ms for smallcnn's 12.8 MB activation against 1 ms this way (about two copies'
/// worth: statistics, then the normalisation). Per-channel sums run plane by plane (n = 0..N-1)
/// with 16-lane float accumulators whose layout depends only on element positions, each plane's
/// lanes added in double in a fixed order: the results are identical for any thread count and
/// block split.
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
                ForChannelBlocks(c, [MethodImpl(MethodImplOptions.AggressiveOptimization)] (first, end) =>
                {
                    var moments = stackalloc double[2 * (end - first)];
                    ChannelMoments((float*)inP, n, c, hw, first, end, moments);
                    for (var ch = first; ch < end; ch++)
                    {
                        ((float*)mP)[ch] = (float)moments[2 * (ch - first)];
                        ((float*)vP)[ch] = (float)moments[(2 * (ch - first)) + 1];
                    }
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
                ForChannelBlocks(c, [MethodImpl(MethodImplOptions.AggressiveOptimization)] (first, end) =>
                {
                    var count = end - first;
                    var moments = stackalloc double[2 * count];
                    var scales = stackalloc float[count];
                    var shifts = stackalloc float[count];
                    ChannelMoments((float*)inP, n, c, hw, first, end, moments);
                    for (var ch = first; ch < end; ch++)
                    {
                        var (m, v) = (moments[2 * (ch - first)], moments[(2 * (ch - first)) + 1]);
                        var meanF = (float)m;
                        var inv = (float)(1.0 / Math.Sqrt(v + eps));
                        ((float*)mP)[ch] = meanF;
                        ((float*)vP)[ch] = (float)v;
                        ((float*)isP)[ch] = inv;
                        var scale = (hasWeight ? ((float*)wP)[ch] : 1f) * inv;
                        scales[ch - first] = scale;
                        shifts[ch - first] = (hasBias ? ((float*)bP)[ch] : 0f) - (meanF * scale);
                    }

                    for (var i = 0; i < n; i++)
                    {
                        for (var ch = first; ch < end; ch++)
                        {
                            var offset = (((long)i * c) + ch) * hw;
                            AffinePlane((float*)inP + offset, (float*)outP + offset, hw, scales[ch - first], shifts[ch - first]);
                        }
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
                ForChannelBlocks(c, [MethodImpl(MethodImplOptions.AggressiveOptimization)] (first, end) =>
                {
                    var channels = end - first;
                    var sums = stackalloc double[2 * channels];
                    new Span<double>(sums, 2 * channels).Clear();
                    for (var i = 0; i < n; i++)
                    {
                        for (var ch = first; ch < end; ch++)
                        {
                            var offset = (((long)i * c) + ch) * hw;
                            var (planeS, planeSc) = PlaneGradientSums((float*)goP + offset, (float*)inP + offset, hw, ((float*)mP)[ch]);
                            sums[2 * (ch - first)] += planeS;
                            sums[(2 * (ch - first)) + 1] += planeSc;
                        }
                    }

                    for (var ch = first; ch < end; ch++)
                    {
                        ((float*)sP)[ch] = (float)sums[2 * (ch - first)];
                        ((float*)scP)[ch] = (float)sums[(2 * (ch - first)) + 1];
                    }

                    if (!writeInput)
                    {
                        return;
                    }

                    // Constants folded in double from the double sums.
                    var coefficients = stackalloc float[3 * channels];
                    for (var ch = first; ch < end; ch++)
                    {
                        var (s, sc) = (sums[2 * (ch - first)], sums[(2 * (ch - first)) + 1]);
                        double m = ((float*)mP)[ch];
                        double inv = ((float*)isP)[ch];
                        var k = (hasWeight ? ((float*)wP)[ch] : 1.0) * inv;
                        var projection = sc * inv * inv / count;
                        coefficients[3 * (ch - first)] = (float)k;
                        coefficients[(3 * (ch - first)) + 1] = (float)(-k * projection);
                        coefficients[(3 * (ch - first)) + 2] = (float)(k * ((m * projection) - (s / count)));
                    }

                    for (var i = 0; i < n; i++)
                    {
                        for (var ch = first; ch < end; ch++)
                        {
                            var offset = (((long)i * c) + ch) * hw;
                            var k = coefficients + (3 * (ch - first));
                            InputGradientPlane((float*)goP + offset, (float*)inP + offset, (float*)giP + offset, hw, k[0], k[1], k[2]);
                        }
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

    /// <summary>Channels one block takes at most: its per-channel sums and coefficients live on the stack (about 9 KiB).</summary>
    private const int MaxBlockChannels = 256;

    /// <summary>
    /// Runs body(first, end) over blocks of consecutive channels covering [0, c), in parallel: a few blocks per
    /// thread balance the load; single-threaded, as few blocks as <see cref="MaxBlockChannels"/> allows, so the
    /// walk stays one long stream. A channel's arithmetic does not depend on its block.
    /// </summary>
    private static void ForChannelBlocks(int c, Action<int, int> body)
    {
        var threads = EngineThreads.Count;
        var blocks = Math.Max(threads <= 1 ? 1 : Math.Min(c, threads * 4), (c + MaxBlockChannels - 1) / MaxBlockChannels);
        ParallelLoop.For(blocks, threads, block => body((int)((long)block * c / blocks), (int)((long)(block + 1) * c / blocks)));
    }

    /// <summary>
    /// Mean and biased variance of channels [first, end), in double, from shifted one-pass sums, written as
    /// (mean, variance) pairs. Each channel's planes are added in image order, whatever the block.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static unsafe void ChannelMoments(float* x, int n, int c, int hw, int first, int end, double* moments)
    {
        var channels = end - first;
        var sums = new Span<double>(moments, 2 * channels);
        sums.Clear();
        for (var i = 0; i < n; i++)
        {
            for (var ch = first; ch < end; ch++)
            {
                // The shift is the channel's first value (image 0), so it is known before any sum needs it.
                var (s, ss) = PlaneShiftedSums(x + ((((long)i * c) + ch) * hw), hw, x[(long)ch * hw]);
                sums[2 * (ch - first)] += s;
                sums[(2 * (ch - first)) + 1] += ss;
            }
        }

        var count = (double)n * hw;
        for (var ch = first; ch < end; ch++)
        {
            var shift = n > 0 ? x[(long)ch * hw] : 0f;
            var meanShifted = sums[2 * (ch - first)] / count;
            var variance = Math.Max(0.0, (sums[(2 * (ch - first)) + 1] / count) - (meanShifted * meanShifted));
            sums[2 * (ch - first)] = shift + meanShifted;
            sums[(2 * (ch - first)) + 1] = variance;
        }
    }

    /// <summary>Sum of d and of d^2 for d = x - shift over one plane.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
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
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
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

    /// <summary>
    /// The 16 lanes added in double as a fixed tree (lane i + lane i + 8, then halves), the same on any hardware.
    /// Adding them one by one was a 16-long chain of dependent adds per plane, twice per plane and pass: at 14 x 14
    /// maps that chain, not memory, set the batch norm's speed.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static double LaneSum(Vector512<float> v)
    {
        var eight = Vector512.WidenLower(v) + Vector512.WidenUpper(v);
        var four = eight.GetLower() + eight.GetUpper();
        var two = four.GetLower() + four.GetUpper();
        return two.ToScalar() + two.GetElement(1);
    }

    /// <summary>y = x * scale + shift with a fused multiply-add, so every vector width gives the same bits.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
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
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
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
