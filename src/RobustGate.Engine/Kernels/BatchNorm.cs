using System.Numerics.Tensors;
using System.Runtime.Intrinsics;

namespace RobustGate.Engine.Kernels;

/// <summary>
/// Batch-normalisation kernels over [N, C, HW] data. Per-channel statistics are computed by one
/// worker per channel, summing planes in order n = 0..N-1 with double accumulators, so they are
/// identical for any thread count. Element-wise passes are split by plane.
/// </summary>
public static class BatchNorm
{
    /// <summary>Per-channel mean and biased variance (two-pass, so large means do not cancel).</summary>
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
                    var x = (float*)inP;
                    double sum = 0;
                    for (var i = 0; i < n; i++)
                    {
                        sum += TensorPrimitives.Sum(new ReadOnlySpan<float>(x + ((((long)i * c) + ch) * hw), hw));
                    }

                    var count = (double)n * hw;
                    var m = (float)(sum / count);
                    double squares = 0;
                    for (var i = 0; i < n; i++)
                    {
                        squares += SumSquaredDeviation(x + ((((long)i * c) + ch) * hw), hw, m);
                    }

                    ((float*)mP)[ch] = m;
                    ((float*)vP)[ch] = (float)(squares / count);
                });
            }
        }
    }

    /// <summary>output = input * scale[c] + shift[c] for every plane (input and output may alias).</summary>
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
                    var dst = new Span<float>((float*)outP + offset, hw);
                    TensorPrimitives.Multiply(new ReadOnlySpan<float>((float*)inP + offset, hw), ((float*)sP)[ch], dst);
                    TensorPrimitives.Add(dst, ((float*)bP)[ch], dst);
                });
            }
        }
    }

    /// <summary>
    /// Per-channel sums for backward: sumDy[c] = sum dy, sumDyCentered[c] = sum dy * (x - mean[c]).
    /// </summary>
    public static void GradientSums(int n, int c, int hw, ReadOnlySpan<float> input, ReadOnlySpan<float> gradOutput, ReadOnlySpan<float> mean, Span<float> sumDy, Span<float> sumDyCentered)
    {
        Check(n, c, hw, input.Length, mean.Length, sumDy.Length);
        if (gradOutput.Length != input.Length || sumDyCentered.Length != c)
        {
            throw new ArgumentException("Batch-norm gradient buffers do not match the input.");
        }

        unsafe
        {
            fixed (float* pin = input, pgo = gradOutput, pm = mean, ps = sumDy, psc = sumDyCentered)
            {
                var (inP, goP, mP, sP, scP) = ((nint)pin, (nint)pgo, (nint)pm, (nint)ps, (nint)psc);
                ParallelLoop.For(c, ch =>
                {
                    var m = ((float*)mP)[ch];
                    double s = 0, sc = 0;
                    for (var i = 0; i < n; i++)
                    {
                        var offset = (((long)i * c) + ch) * hw;
                        var dy = new ReadOnlySpan<float>((float*)goP + offset, hw);
                        s += TensorPrimitives.Sum(dy);
                        sc += SumProductCentered((float*)goP + offset, (float*)inP + offset, hw, m);
                    }

                    ((float*)sP)[ch] = (float)s;
                    ((float*)scP)[ch] = (float)sc;
                });
            }
        }
    }

    /// <summary>
    /// Input gradient of training-mode batch norm:
    /// dx = k[c] * (dy - sumDy[c] / M - (x - mean[c]) * invStd[c]^2 * sumDyCentered[c] / M), k = weight * invStd,
    /// M = N * HW.
    /// </summary>
    public static void TrainingInputGradient(int n, int c, int hw, ReadOnlySpan<float> input, ReadOnlySpan<float> gradOutput, ReadOnlySpan<float> mean, ReadOnlySpan<float> invStd, ReadOnlySpan<float> weight, ReadOnlySpan<float> sumDy, ReadOnlySpan<float> sumDyCentered, Span<float> gradInput)
    {
        Check(n, c, hw, input.Length, mean.Length, invStd.Length);
        var count = (float)((double)n * hw);

        // dx = a * dy + b * x + d per channel, with the constants folded in double precision.
        var coefDy = new float[c];
        var coefX = new float[c];
        var constant = new float[c];
        for (var ch = 0; ch < c; ch++)
        {
            var w = weight.IsEmpty ? 1.0 : weight[ch];
            var k = w * invStd[ch];
            var projection = (double)sumDyCentered[ch] * invStd[ch] * invStd[ch] / count;
            coefDy[ch] = (float)k;
            coefX[ch] = (float)(-k * projection);
            constant[ch] = (float)(k * ((mean[ch] * projection) - (sumDy[ch] / count)));
        }

        unsafe
        {
            fixed (float* pin = input, pgo = gradOutput, pgi = gradInput)
            {
                var (inP, goP, giP) = ((nint)pin, (nint)pgo, (nint)pgi);
                ParallelLoop.For(n * c, plane =>
                {
                    var ch = plane % c;
                    var offset = (long)plane * hw;
                    var dst = new Span<float>((float*)giP + offset, hw);
                    TensorPrimitives.Multiply(new ReadOnlySpan<float>((float*)goP + offset, hw), coefDy[ch], dst);
                    TensorPrimitives.Add(dst, constant[ch], dst);
                    TensorPrimitives.MultiplyAdd(new ReadOnlySpan<float>((float*)inP + offset, hw), coefX[ch], dst, dst);
                });
            }
        }
    }

    private static unsafe double SumSquaredDeviation(float* x, int length, float mean)
    {
        var i = 0;
        var acc = Vector256<float>.Zero;
        var m = Vector256.Create(mean);
        for (; i <= length - Vector256<float>.Count; i += Vector256<float>.Count)
        {
            var d = Vector256.Load(x + i) - m;
            acc += d * d;
        }

        double sum = Vector256.Sum(acc);
        for (; i < length; i++)
        {
            var d = x[i] - mean;
            sum += d * d;
        }

        return sum;
    }

    private static unsafe double SumProductCentered(float* dy, float* x, int length, float mean)
    {
        var i = 0;
        var acc = Vector256<float>.Zero;
        var m = Vector256.Create(mean);
        for (; i <= length - Vector256<float>.Count; i += Vector256<float>.Count)
        {
            acc += Vector256.Load(dy + i) * (Vector256.Load(x + i) - m);
        }

        double sum = Vector256.Sum(acc);
        for (; i < length; i++)
        {
            sum += dy[i] * (x[i] - mean);
        }

        return sum;
    }

    private static void Check(int n, int c, int hw, int inputLength, int perChannelA, int perChannelB)
    {
        if (n < 0 || c <= 0 || hw <= 0 || inputLength != (long)n * c * hw || perChannelA != c || perChannelB != c)
        {
            throw new ArgumentException($"Batch-norm buffers do not match N={n}, C={c}, HW={hw}.");
        }
    }
}
