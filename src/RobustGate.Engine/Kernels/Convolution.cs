namespace RobustGate.Engine.Kernels;

/// <summary>
/// 2-D convolution kernels (forward, gradient w.r.t. input, gradient w.r.t. weights and bias).
/// Outputs are overwritten, never accumulated into; the autograd layer does accumulation.
/// </summary>
public static partial class Convolution
{
    /// <summary>output = conv(input, weight) + bias; bias may be empty.</summary>
    public static void Forward(in ConvGeometry g, ReadOnlySpan<float> input, ReadOnlySpan<float> weight, ReadOnlySpan<float> bias, Span<float> output)
        => Forward(g, input, weight, bias, output, EngineThreads.Count);

    public static void BackwardData(in ConvGeometry g, ReadOnlySpan<float> gradOutput, ReadOnlySpan<float> weight, Span<float> gradInput)
        => BackwardData(g, gradOutput, weight, gradInput, EngineThreads.Count);

    /// <summary>gradBias may be empty when the convolution has no bias.</summary>
    public static void BackwardWeight(in ConvGeometry g, ReadOnlySpan<float> input, ReadOnlySpan<float> gradOutput, Span<float> gradWeight, Span<float> gradBias)
        => BackwardWeight(g, input, gradOutput, gradWeight, gradBias, EngineThreads.Count);

    internal static unsafe void Forward(in ConvGeometry g, ReadOnlySpan<float> input, ReadOnlySpan<float> weight, ReadOnlySpan<float> bias, Span<float> output, int threads)
    {
        g.Validate();
        Require(nameof(input), input.Length, g.InputSize);
        Require(nameof(weight), weight.Length, g.WeightSize);
        Require(nameof(output), output.Length, g.OutputSize);
        if (!bias.IsEmpty)
        {
            Require(nameof(bias), bias.Length, g.OutChannels);
        }

        fixed (float* pi = input)
        fixed (float* pw = weight)
        fixed (float* pb = bias)
        fixed (float* po = output)
        {
            new ConvolutionRunner(g, threads).Forward(pi, pw, pb, !bias.IsEmpty, po);
        }
    }

    internal static unsafe void BackwardData(in ConvGeometry g, ReadOnlySpan<float> gradOutput, ReadOnlySpan<float> weight, Span<float> gradInput, int threads)
    {
        g.Validate();
        Require(nameof(gradOutput), gradOutput.Length, g.OutputSize);
        Require(nameof(weight), weight.Length, g.WeightSize);
        Require(nameof(gradInput), gradInput.Length, g.InputSize);
        fixed (float* pg = gradOutput)
        fixed (float* pw = weight)
        fixed (float* pi = gradInput)
        {
            new ConvolutionRunner(g, threads).BackwardData(pg, pw, pi);
        }
    }

    internal static unsafe void BackwardWeight(in ConvGeometry g, ReadOnlySpan<float> input, ReadOnlySpan<float> gradOutput, Span<float> gradWeight, Span<float> gradBias, int threads)
    {
        g.Validate();
        Require(nameof(input), input.Length, g.InputSize);
        Require(nameof(gradOutput), gradOutput.Length, g.OutputSize);
        Require(nameof(gradWeight), gradWeight.Length, g.WeightSize);
        if (!gradBias.IsEmpty)
        {
            Require(nameof(gradBias), gradBias.Length, g.OutChannels);
        }

        fixed (float* pi = input)
        fixed (float* pg = gradOutput)
        fixed (float* pw = gradWeight)
        fixed (float* pb = gradBias)
        {
            new ConvolutionRunner(g, threads).BackwardWeight(pi, pg, pw, pb, !gradBias.IsEmpty);
        }
    }

    private static void Require(string name, int length, long needed)
    {
        if (length < needed)
        {
            throw new ArgumentException($"Convolution {name}: needs {needed} elements, the span has {length}.", name);
        }
    }

    /// <summary>Direct seven-loop convolution: the scalar reference for tests.</summary>
    public static void ForwardReference(in ConvGeometry g, ReadOnlySpan<float> input, ReadOnlySpan<float> weight, ReadOnlySpan<float> bias, Span<float> output)
    {
        g.Validate();
        int oh = g.OutH, ow = g.OutW, cpg = g.InChannelsPerGroup, kpg = g.OutChannelsPerGroup;
        for (var n = 0; n < g.Batch; n++)
        {
            for (var k = 0; k < g.OutChannels; k++)
            {
                var grp = k / kpg;
                for (var y = 0; y < oh; y++)
                {
                    for (var x = 0; x < ow; x++)
                    {
                        double sum = bias.IsEmpty ? 0 : bias[k];
                        for (var c = 0; c < cpg; c++)
                        {
                            var ci = (grp * cpg) + c;
                            for (var r = 0; r < g.KernelH; r++)
                            {
                                var iy = (y * g.StrideH) - g.PadH + (r * g.DilationH);
                                if ((uint)iy >= (uint)g.InH)
                                {
                                    continue;
                                }

                                for (var s = 0; s < g.KernelW; s++)
                                {
                                    var ix = (x * g.StrideW) - g.PadW + (s * g.DilationW);
                                    if ((uint)ix >= (uint)g.InW)
                                    {
                                        continue;
                                    }

                                    sum += (double)input[(((n * g.InChannels) + ci) * g.InH + iy) * g.InW + ix]
                                        * weight[(((k * cpg) + c) * g.KernelH + r) * g.KernelW + s];
                                }
                            }
                        }

                        output[(((n * g.OutChannels) + k) * oh + y) * ow + x] = (float)sum;
                    }
                }
            }
        }
    }

    public static void BackwardDataReference(in ConvGeometry g, ReadOnlySpan<float> gradOutput, ReadOnlySpan<float> weight, Span<float> gradInput)
    {
        g.Validate();
        var acc = new double[g.InputSize];
        int oh = g.OutH, ow = g.OutW, cpg = g.InChannelsPerGroup, kpg = g.OutChannelsPerGroup;
        for (var n = 0; n < g.Batch; n++)
        {
            for (var k = 0; k < g.OutChannels; k++)
            {
                var grp = k / kpg;
                for (var y = 0; y < oh; y++)
                {
                    for (var x = 0; x < ow; x++)
                    {
                        var go = gradOutput[(((n * g.OutChannels) + k) * oh + y) * ow + x];
                        for (var c = 0; c < cpg; c++)
                        {
                            var ci = (grp * cpg) + c;
                            for (var r = 0; r < g.KernelH; r++)
                            {
                                var iy = (y * g.StrideH) - g.PadH + (r * g.DilationH);
                                if ((uint)iy >= (uint)g.InH)
                                {
                                    continue;
                                }

                                for (var s = 0; s < g.KernelW; s++)
                                {
                                    var ix = (x * g.StrideW) - g.PadW + (s * g.DilationW);
                                    if ((uint)ix >= (uint)g.InW)
                                    {
                                        continue;
                                    }

                                    acc[(((n * g.InChannels) + ci) * g.InH + iy) * g.InW + ix] +=
                                        (double)go * weight[(((k * cpg) + c) * g.KernelH + r) * g.KernelW + s];
                                }
                            }
                        }
                    }
                }
            }
        }

        for (var i = 0; i < acc.Length; i++)
        {
            gradInput[i] = (float)acc[i];
        }
    }

    public static void BackwardWeightReference(in ConvGeometry g, ReadOnlySpan<float> input, ReadOnlySpan<float> gradOutput, Span<float> gradWeight, Span<float> gradBias)
    {
        g.Validate();
        var acc = new double[g.WeightSize];
        var accBias = new double[g.OutChannels];
        int oh = g.OutH, ow = g.OutW, cpg = g.InChannelsPerGroup, kpg = g.OutChannelsPerGroup;
        for (var n = 0; n < g.Batch; n++)
        {
            for (var k = 0; k < g.OutChannels; k++)
            {
                var grp = k / kpg;
                for (var y = 0; y < oh; y++)
                {
                    for (var x = 0; x < ow; x++)
                    {
                        var go = gradOutput[(((n * g.OutChannels) + k) * oh + y) * ow + x];
                        accBias[k] += go;
                        for (var c = 0; c < cpg; c++)
                        {
                            var ci = (grp * cpg) + c;
                            for (var r = 0; r < g.KernelH; r++)
                            {
                                var iy = (y * g.StrideH) - g.PadH + (r * g.DilationH);
                                if ((uint)iy >= (uint)g.InH)
                                {
                                    continue;
                                }

                                for (var s = 0; s < g.KernelW; s++)
                                {
                                    var ix = (x * g.StrideW) - g.PadW + (s * g.DilationW);
                                    if ((uint)ix >= (uint)g.InW)
                                    {
                                        continue;
                                    }

                                    acc[(((k * cpg) + c) * g.KernelH + r) * g.KernelW + s] +=
                                        (double)go * input[(((n * g.InChannels) + ci) * g.InH + iy) * g.InW + ix];
                                }
                            }
                        }
                    }
                }
            }
        }

        for (var i = 0; i < acc.Length; i++)
        {
            gradWeight[i] = (float)acc[i];
        }

        if (!gradBias.IsEmpty)
        {
            for (var k = 0; k < g.OutChannels; k++)
            {
                gradBias[k] = (float)accBias[k];
            }
        }
    }
}
