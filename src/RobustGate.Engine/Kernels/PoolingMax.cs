namespace RobustGate.Engine.Kernels;

/// <summary>
/// 2-D max pooling. Forward records, per output, the flat index (y * InW + x) of the winning
/// input within its plane (PyTorch's indices); backward scatters gradients to those indices. Work
/// is split by plane (N * C), each plane handled whole by one thread, so results do not depend on
/// the thread count. Padding never wins; NaN propagates as in PyTorch.
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
                ParallelLoop.For(g.Planes, plane => ForwardPlane(g, (float*)inP + ((long)plane * g.InH * g.InW), (float*)outP + ((long)plane * g.OutH * g.OutW), (int*)idxP + ((long)plane * g.OutH * g.OutW)));
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

    private static unsafe void ForwardPlane(PoolingGeometry g, float* input, float* output, int* indices)
    {
        int oh = g.OutH, ow = g.OutW;
        for (var y = 0; y < oh; y++)
        {
            var y0 = (y * g.StrideH) - g.PadH;
            for (var x = 0; x < ow; x++)
            {
                var x0 = (x * g.StrideW) - g.PadW;
                var best = float.NegativeInfinity;
                var bestIndex = -1;
                for (var r = 0; r < g.KernelH; r++)
                {
                    var iy = y0 + (r * g.DilationH);
                    if ((uint)iy >= (uint)g.InH)
                    {
                        continue;
                    }

                    var row = input + ((long)iy * g.InW);
                    for (var s = 0; s < g.KernelW; s++)
                    {
                        var ix = x0 + (s * g.DilationW);
                        if ((uint)ix >= (uint)g.InW)
                        {
                            continue;
                        }

                        var v = row[ix];
                        if (v > best || float.IsNaN(v) || bestIndex < 0)
                        {
                            best = v;
                            bestIndex = (iy * g.InW) + ix;
                            if (float.IsNaN(v))
                            {
                                goto done;
                            }
                        }
                    }
                }

            done:
                output[(y * ow) + x] = best;
                indices[(y * ow) + x] = bestIndex;
            }
        }
    }

    private static void CheckLengths(PoolingGeometry g, int inputLength, int outputLength, int indexLength)
    {
        if (inputLength != g.InputSize || outputLength != g.OutputSize || indexLength != g.OutputSize)
        {
            throw new ArgumentException($"Pooling buffers ({inputLength}, {outputLength}, {indexLength}) do not match {g}.");
        }
    }
}
