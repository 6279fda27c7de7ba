namespace RobustGate.Engine.Kernels;

/// <summary>
/// 2-D convolution kernels (forward, gradient w.r.t. input, gradient w.r.t. weights and bias).
/// Outputs are overwritten, never accumulated into; the autograd layer does accumulation.
/// </summary>
public static partial class Convolution
{
    public static void Forward(in ConvGeometry g, ReadOnlySpan<float> input, ReadOnlySpan<float> weight, ReadOnlySpan<float> bias, Span<float> output)
        => ForwardReference(g, input, weight, bias, output);

    public static void BackwardData(in ConvGeometry g, ReadOnlySpan<float> gradOutput, ReadOnlySpan<float> weight, Span<float> gradInput)
        => BackwardDataReference(g, gradOutput, weight, gradInput);

    /// <summary>gradBias may be empty when the convolution has no bias.</summary>
    public static void BackwardWeight(in ConvGeometry g, ReadOnlySpan<float> input, ReadOnlySpan<float> gradOutput, Span<float> gradWeight, Span<float> gradBias)
        => BackwardWeightReference(g, input, gradOutput, gradWeight, gradBias);

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
