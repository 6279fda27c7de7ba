using System.Numerics.Tensors;

namespace RobustGate.Engine.Kernels;

/// <summary>
/// 2-D average pooling (PyTorch's avg_pool2d) and adaptive average pooling. The divisor follows
/// PyTorch: with count_include_pad the window clipped to the padded input, otherwise the number of
/// real input elements, unless a divisor override is given. Parallel by plane; deterministic.
/// </summary>
public static class PoolingAverage
{
    public static void Forward(PoolingGeometry g, bool countIncludePad, int? divisorOverride, ReadOnlySpan<float> input, Span<float> output)
    {
        g.Validate();
        Check(input.Length == g.InputSize && output.Length == g.OutputSize, g);
        unsafe
        {
            fixed (float* pin = input, pout = output)
            {
                var (inP, outP) = ((nint)pin, (nint)pout);
                ParallelLoop.For(g.Planes, plane =>
                {
                    var src = (float*)inP + ((long)plane * g.InH * g.InW);
                    var dst = (float*)outP + ((long)plane * g.OutH * g.OutW);
                    for (var y = 0; y < g.OutH; y++)
                    {
                        for (var x = 0; x < g.OutW; x++)
                        {
                            var (y0, y1, x0, x1, divisor) = Window(g, y, x, countIncludePad, divisorOverride);
                            double sum = 0;
                            for (var iy = y0; iy < y1; iy++)
                            {
                                for (var ix = x0; ix < x1; ix++)
                                {
                                    sum += src[(iy * g.InW) + ix];
                                }
                            }

                            dst[(y * g.OutW) + x] = (float)(sum / divisor);
                        }
                    }
                });
            }
        }
    }

    /// <summary>gradInput is overwritten.</summary>
    public static void Backward(PoolingGeometry g, bool countIncludePad, int? divisorOverride, ReadOnlySpan<float> gradOutput, Span<float> gradInput)
    {
        g.Validate();
        Check(gradInput.Length == g.InputSize && gradOutput.Length == g.OutputSize, g);
        unsafe
        {
            fixed (float* pgo = gradOutput, pgi = gradInput)
            {
                var (goP, giP) = ((nint)pgo, (nint)pgi);
                ParallelLoop.For(g.Planes, plane =>
                {
                    var go = (float*)goP + ((long)plane * g.OutH * g.OutW);
                    var gi = (float*)giP + ((long)plane * g.InH * g.InW);
                    new Span<float>(gi, g.InH * g.InW).Clear();
                    for (var y = 0; y < g.OutH; y++)
                    {
                        for (var x = 0; x < g.OutW; x++)
                        {
                            var (y0, y1, x0, x1, divisor) = Window(g, y, x, countIncludePad, divisorOverride);
                            var share = (float)(go[(y * g.OutW) + x] / divisor);
                            for (var iy = y0; iy < y1; iy++)
                            {
                                for (var ix = x0; ix < x1; ix++)
                                {
                                    gi[(iy * g.InW) + ix] += share;
                                }
                            }
                        }
                    }
                });
            }
        }
    }

    /// <summary>Adaptive average pooling of each plane from inH x inW to outH x outW (PyTorch's bin edges).</summary>
    public static void AdaptiveForward(int planes, int inH, int inW, int outH, int outW, ReadOnlySpan<float> input, Span<float> output)
    {
        CheckAdaptive(planes, inH, inW, outH, outW, input.Length, output.Length);
        unsafe
        {
            fixed (float* pin = input, pout = output)
            {
                var (inP, outP) = ((nint)pin, (nint)pout);
                ParallelLoop.For(planes, plane =>
                {
                    var src = (float*)inP + ((long)plane * inH * inW);
                    var dst = (float*)outP + ((long)plane * outH * outW);
                    if (outH == 1 && outW == 1)
                    {
                        // Global average pooling: one fixed-order SIMD sum per plane.
                        dst[0] = (float)(FixedOrderSum.Sum(new ReadOnlySpan<float>(src, inH * inW)) / (inH * inW));
                        return;
                    }

                    for (var y = 0; y < outH; y++)
                    {
                        int y0 = Start(y, inH, outH), y1 = End(y, inH, outH);
                        for (var x = 0; x < outW; x++)
                        {
                            int x0 = Start(x, inW, outW), x1 = End(x, inW, outW);
                            double sum = 0;
                            for (var iy = y0; iy < y1; iy++)
                            {
                                for (var ix = x0; ix < x1; ix++)
                                {
                                    sum += src[(iy * inW) + ix];
                                }
                            }

                            dst[(y * outW) + x] = (float)(sum / ((y1 - y0) * (x1 - x0)));
                        }
                    }
                });
            }
        }
    }

    /// <summary>gradInput is overwritten.</summary>
    public static void AdaptiveBackward(int planes, int inH, int inW, int outH, int outW, ReadOnlySpan<float> gradOutput, Span<float> gradInput)
    {
        CheckAdaptive(planes, inH, inW, outH, outW, gradInput.Length, gradOutput.Length);
        unsafe
        {
            fixed (float* pgo = gradOutput, pgi = gradInput)
            {
                var (goP, giP) = ((nint)pgo, (nint)pgi);
                ParallelLoop.For(planes, plane =>
                {
                    var go = (float*)goP + ((long)plane * outH * outW);
                    var gi = new Span<float>((float*)giP + ((long)plane * inH * inW), inH * inW);
                    if (outH == 1 && outW == 1)
                    {
                        gi.Fill(go[0] / (inH * inW));
                        return;
                    }

                    gi.Clear();
                    for (var y = 0; y < outH; y++)
                    {
                        int y0 = Start(y, inH, outH), y1 = End(y, inH, outH);
                        for (var x = 0; x < outW; x++)
                        {
                            int x0 = Start(x, inW, outW), x1 = End(x, inW, outW);
                            var share = go[(y * outW) + x] / ((y1 - y0) * (x1 - x0));
                            for (var iy = y0; iy < y1; iy++)
                            {
                                for (var ix = x0; ix < x1; ix++)
                                {
                                    gi[(iy * inW) + ix] += share;
                                }
                            }
                        }
                    }
                });
            }
        }
    }

    private static int Start(int i, int input, int output) => (int)((long)i * input / output);

    private static int End(int i, int input, int output) => (int)((((long)(i + 1) * input) + output - 1) / output);

    private static (int Y0, int Y1, int X0, int X1, double Divisor) Window(PoolingGeometry g, int y, int x, bool countIncludePad, int? divisorOverride)
    {
        var y0 = (y * g.StrideH) - g.PadH;
        var x0 = (x * g.StrideW) - g.PadW;
        var y1 = Math.Min(y0 + g.KernelH, g.InH + g.PadH);
        var x1 = Math.Min(x0 + g.KernelW, g.InW + g.PadW);
        var padded = (y1 - y0) * (x1 - x0);
        y0 = Math.Max(y0, 0);
        x0 = Math.Max(x0, 0);
        y1 = Math.Min(y1, g.InH);
        x1 = Math.Min(x1, g.InW);
        double divisor = divisorOverride ?? (countIncludePad ? padded : (y1 - y0) * (x1 - x0));
        return (y0, y1, x0, x1, divisor);
    }

    private static void Check(bool ok, PoolingGeometry g)
    {
        if (!ok)
        {
            throw new ArgumentException($"Pooling buffer sizes do not match {g}.");
        }

        if (g.DilationH != 1 || g.DilationW != 1)
        {
            throw new ArgumentException("Average pooling has no dilation.");
        }
    }

    private static void CheckAdaptive(int planes, int inH, int inW, int outH, int outW, int inputLength, int outputLength)
    {
        if (planes < 0 || inH <= 0 || inW <= 0 || outH <= 0 || outW <= 0)
        {
            throw new ArgumentException($"Invalid adaptive pooling {inH}x{inW} -> {outH}x{outW}.");
        }

        if (inputLength != (long)planes * inH * inW || outputLength != (long)planes * outH * outW)
        {
            throw new ArgumentException("Adaptive pooling buffer sizes do not match.");
        }
    }
}
