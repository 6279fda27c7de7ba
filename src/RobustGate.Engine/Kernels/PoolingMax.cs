using System.Runtime.CompilerServices;

namespace RobustGate.Engine.Kernels;

/// <summary>
/// 2-D max pooling. Forward records, per output, the flat index (y * InW + x) of the winning
/// input within its plane (PyTorch's indices); backward scatters gradients to those indices. Work
/// is split by plane (N * C), each plane handled whole by one thread, so results do not depend on
/// the thread count. Padding never wins; NaN propagates as in PyTorch (the last NaN in a window supplies the index).
/// </summary>
public static class PoolingMax
{
    public static void Forward(PoolingGeometry g, ReadOnlySpan<float> input, Span<float> output, Span<int> indices)
    {
        g.Validate();
        CheckLengths(g, input.Length, output.Length, indices.Length);
        unsafe
        {
            fixed (float* pin = input, pout = output)
            fixed (int* pidx = indices)
            {
                var (inP, outP, idxP) = ((nint)pin, (nint)pout, (nint)pidx);

                // The in-bounds taps of every window row and column, computed once (integer
                // division per window would cost more than the comparisons themselves).
                if (PoolingMax2x2.Applies(g))
                {
                    ParallelLoop.For(g.Planes, plane => PoolingMax2x2.ForwardPlane(g, (float*)inP + ((long)plane * g.InH * g.InW), (float*)outP + ((long)plane * g.OutH * g.OutW), (int*)idxP + ((long)plane * g.OutH * g.OutW)));
                    return;
                }

                var rows = TapRanges(g.OutH, g.StrideH, g.PadH, g.DilationH, g.KernelH, g.InH);
                var cols = TapRanges(g.OutW, g.StrideW, g.PadW, g.DilationW, g.KernelW, g.InW);
                if (PoolingMaxStride2.Applies(g))
                {
                    ParallelLoop.For(g.Planes, plane => PoolingMaxStride2.ForwardPlane(g, rows, cols, (float*)inP + ((long)plane * g.InH * g.InW), (float*)outP + ((long)plane * g.OutH * g.OutW), (int*)idxP + ((long)plane * g.OutH * g.OutW)));
                    return;
                }

                ParallelLoop.For(g.Planes, plane => ForwardPlane(g, rows, cols, (float*)inP + ((long)plane * g.InH * g.InW), (float*)outP + ((long)plane * g.OutH * g.OutW), (int*)idxP + ((long)plane * g.OutH * g.OutW)));
            }
        }
    }

    /// <summary>gradInput is overwritten.</summary>
    public static void Backward(PoolingGeometry g, ReadOnlySpan<float> gradOutput, ReadOnlySpan<int> indices, Span<float> gradInput)
    {
        g.Validate();
        CheckLengths(g, gradInput.Length, gradOutput.Length, indices.Length);
        unsafe
        {
            fixed (float* pgo = gradOutput, pgi = gradInput)
            fixed (int* pidx = indices)
            {
                var (goP, giP, idxP) = ((nint)pgo, (nint)pgi, (nint)pidx);
                int inPlane = g.InH * g.InW, outPlane = g.OutH * g.OutW;
                ParallelLoop.For(g.Planes, plane =>
                {
                    var gi = new Span<float>((float*)giP + ((long)plane * inPlane), inPlane);
                    var go = (float*)goP + ((long)plane * outPlane);
                    var idx = (int*)idxP + ((long)plane * outPlane);
                    gi.Clear();
                    for (var o = 0; o < outPlane; o++)
                    {
                        gi[idx[o]] += go[o];
                    }
                });
            }
        }
    }

    internal static unsafe void ForwardPlane(PoolingGeometry g, (int First, int End)[] rows, (int First, int End)[] cols, float* input, float* output, int* indices)
    {
        for (int y = 0, oh = g.OutH, ow = g.OutW; y < oh; y++)
        {
            ForwardOutputs(g, rows, cols, input, output, indices, y, 0, ow);
        }
    }

    /// <summary>Outputs [x0, x1) of output row <paramref name="y"/> of one plane: the general loop, which the vector paths fall back to at edges.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    internal static unsafe void ForwardOutputs(PoolingGeometry g, (int First, int End)[] rows, (int First, int End)[] cols, float* input, float* output, int* indices, int y, int xStart, int xEnd)
    {
        int ow = g.OutW, inW = g.InW;
        int sH = g.StrideH, sW = g.StrideW, pH = g.PadH, pW = g.PadW, dH = g.DilationH, dW = g.DilationW;
        var y0 = (y * sH) - pH;
        var (r0, r1) = rows[y];
        for (var x = xStart; x < xEnd; x++)
        {
            var x0 = (x * sW) - pW;
            var (s0, s1) = cols[x];

            // Pass 1: the maximum by MathF.Max, branch-free (random data would mispredict a
            // compare-and-branch on every other tap); NaN propagates as in PyTorch. Pass 2:
            // PyTorch's index, the first tap equal to the maximum (the last NaN if it is NaN).
            var best = float.NegativeInfinity;
            for (var r = r0; r < r1; r++)
            {
                var row = input + ((y0 + (r * dH)) * inW) + x0;
                for (var s = s0; s < s1; s++)
                {
                    best = MathF.Max(best, row[s * dW]);
                }
            }

            var bestIndex = -1;
            var isNaN = float.IsNaN(best);
            for (var r = r0; r < r1 && (bestIndex < 0 || isNaN); r++)
            {
                var rowStart = (y0 + (r * dH)) * inW;
                for (var s = s0; s < s1; s++)
                {
                    var index = rowStart + x0 + (s * dW);
                    if (isNaN ? float.IsNaN(input[index]) : input[index] == best)
                    {
                        bestIndex = index;
                        if (!isNaN)
                        {
                            break;
                        }
                    }
                }
            }

            output[(y * ow) + x] = best;
            indices[(y * ow) + x] = bestIndex;
        }
    }

    internal static (int First, int End)[] TapRanges(int outputs, int stride, int pad, int dilation, int kernel, int size)
    {
        var ranges = new (int First, int End)[outputs];
        for (var o = 0; o < outputs; o++)
        {
            ranges[o] = TapRange((o * stride) - pad, dilation, kernel, size);
        }

        return ranges;
    }

    /// <summary>Taps [first, end) of a window starting at <paramref name="start"/> that fall inside [0, size).</summary>
    internal static (int First, int End) TapRange(int start, int dilation, int kernel, int size)
    {
        var first = start >= 0 ? 0 : (-start + dilation - 1) / dilation;
        var last = (size - 1 - start) / dilation;
        return (first, Math.Min(kernel, last + 1));
    }

    private static void CheckLengths(PoolingGeometry g, int inputLength, int outputLength, int indexLength)
    {
        if (inputLength != g.InputSize || outputLength != g.OutputSize || indexLength != g.OutputSize)
        {
            throw new ArgumentException($"Pooling buffers ({inputLength}, {outputLength}, {indexLength}) do not match {g}.");
        }
    }
}
