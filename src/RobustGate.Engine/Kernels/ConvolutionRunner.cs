using System.Numerics.Tensors;

namespace RobustGate.Engine.Kernels;

/// <summary>
/// The fast convolution passes as GEMMs over blocks of images. Per block of <c>count</c> images and per group,
/// the column matrix (im2col, K = Cin/G * R * S rows, count * OH * OW columns) meets the group's weights
/// [Cout/G x K]; im2col writes straight into the GEMM's packed-panel layout. Small feature maps are batched
/// into one block so the GEMM's N stays wide; a 1x1, stride-1, unpadded convolution of a single-image block
/// uses the input itself. With enough blocks, whole blocks run in parallel (one thread each, own scratch);
/// otherwise each block's phases run in parallel. The block size depends on the geometry only, and every
/// reduction runs in a fixed order (GEMM over K; the weight gradient as per-block partials added in block
/// order; col2im over taps; the bias gradient per image in batch order), so results are bit-identical for
/// any thread count.
/// </summary>
internal sealed unsafe class ConvolutionRunner
{
    /// <summary>Images are grouped until a block has at least this many output pixels (GEMM columns).</summary>
    private const int TargetColumns = 1024;

    /// <summary>
    /// Floats of per-block weight-gradient partials held at once (16 MiB). Settable for tests: the reduction
    /// order is block order whatever the wave size, so this changes memory and parallelism, never results.
    /// </summary>
    internal static long PartialBudgetFloats { get; set; } = 4L << 20;

    private readonly ConvGeometry g;
    private readonly int threads;
    private readonly int pixels;
    private readonly int planeIn;
    private readonly int depth;
    private readonly int imagesPerBlock;
    private readonly bool isPointwise;
    private readonly bool allowWinograd;

    private delegate void BlockBody(int n0, int count, int workers, float* scratch, float* staging);

    /// <param name="geometry">The convolution.</param>
    /// <param name="threads">Threads the passes may use; results do not depend on it.</param>
    /// <param name="allowWinograd">Whether the forward and input-gradient passes may take <see cref="WinogradF2x3"/> where it applies (tests compare it with im2col + GEMM).</param>
    public ConvolutionRunner(in ConvGeometry geometry, int threads, bool allowWinograd = true)
    {
        this.allowWinograd = allowWinograd;
        geometry.Validate();
        g = geometry;
        pixels = g.OutH * g.OutW;
        planeIn = g.InH * g.InW;
        depth = g.InChannelsPerGroup * g.KernelH * g.KernelW;

        // Like the GEMM, a small convolution is not worth a fork/join.
        this.threads = 2.0 * g.OutputSize * depth < GemmBlocking.ParallelThresholdFlops ? 1 : threads;
        imagesPerBlock = Math.Clamp((TargetColumns + pixels - 1) / pixels, 1, Math.Max(1, g.Batch));
        isPointwise = g.KernelH == 1 && g.KernelW == 1 && g.StrideH == 1 && g.StrideW == 1 && g.PadH == 0 && g.PadW == 0;
    }

    public void Forward(float* input, float* weight, float* bias, bool hasBias, float* output)
        => Forward(input, weight, bias, hasBias, output, ConvolutionEpilogue.None);

    /// <summary>
    /// The forward pass with <paramref name="epilogue"/> (eval batch-norm, relu) applied where the output is
    /// written: in the copy out of the staging matrix, or in one pass over a single image's output while it is
    /// still in cache, or (Winograd) in one pass after the transform.
    /// </summary>
    public void Forward(float* input, float* weight, float* bias, bool hasBias, float* output, ConvolutionEpilogue epilogue)
    {
        if (allowWinograd && WinogradF2x3.Applies(g))
        {
            WinogradF2x3.Forward(g, input, weight, bias, hasBias, output, threads);
            if (!epilogue.IsNone)
            {
                // The bias is already in; the epilogue's affine and relu remain.
                ParallelLoop.For(g.Batch * g.OutChannels, threads, plane =>
                {
                    var p = output + ((long)plane * pixels);
                    epilogue.Apply(p, p, pixels, plane % g.OutChannels, false, 0f);
                });
            }

            return;
        }

        var nr = GemmBlocking.For(GemmBlocking.BestKind).NR;
        var packedLength = new PackedPanelLayout(depth, imagesPerBlock * pixels, nr).Length * g.Groups;
        ForEachBlock(packedLength, (n0, count, inner, packed, staging) =>
        {
            var kpg = g.OutChannelsPerGroup;
            var width = count * pixels;
            var direct = isPointwise && count == 1;
            var image = input + ((long)n0 * g.InChannels * planeIn);
            var layout = new PackedPanelLayout(depth, width, nr);
            if (!direct)
            {
                ExpandBlockPacked(image, count, packed, layout, inner);
            }

            var single = count == 1;
            var target = single ? output + ((long)n0 * g.OutChannels * pixels) : staging;
            var ldTarget = single ? pixels : width;
            if (single && hasBias)
            {
                for (var k = 0; k < g.OutChannels; k++)
                {
                    new Span<float>(target + ((long)k * pixels), pixels).Fill(bias[k]);
                }
            }

            var beta = single && hasBias ? 1f : 0f;
            ForGroups(inner, (group, gemmThreads) =>
            {
                var a = weight + ((long)group * kpg * depth);
                var c = target + ((long)group * kpg * ldTarget);
                if (direct)
                {
                    Gemm.Sgemm(
                        gemmThreads, Transpose.No, Transpose.No, kpg, width, depth, 1f,
                        a, depth, image + ((long)group * g.InChannelsPerGroup * planeIn), pixels, beta, c, ldTarget);
                }
                else
                {
                    GemmDriver.RunPrepackedB(
                        Transpose.No, kpg, width, depth, 1f, a, depth, packed + (group * layout.Length), beta, c, ldTarget, gemmThreads);
                }
            });

            if (single && !epilogue.IsNone)
            {
                ParallelLoop.For(g.OutChannels, inner, k =>
                {
                    var p = target + ((long)k * pixels);
                    epilogue.Apply(p, p, pixels, k, false, 0f);
                });
            }

            if (!single)
            {
                var outBlock = output + ((long)n0 * g.OutChannels * pixels);
                ParallelLoop.For(g.OutChannels, inner, k =>
                {
                    for (var i = 0; i < count; i++)
                    {
                        var src = new ReadOnlySpan<float>(staging + ((long)k * width) + ((long)i * pixels), pixels);
                        var dst = new Span<float>(outBlock + ((((long)i * g.OutChannels) + k) * pixels), pixels);
                        if (!epilogue.IsNone)
                        {
                            epilogue.Apply(staging + ((long)k * width) + ((long)i * pixels), outBlock + ((((long)i * g.OutChannels) + k) * pixels), pixels, k, hasBias, hasBias ? bias[k] : 0f);
                        }
                        else if (hasBias)
                        {
                            TensorPrimitives.Add(src, bias[k], dst);
                        }
                        else
                        {
                            src.CopyTo(dst);
                        }
                    }
                });
            }
        });
    }

    public void BackwardData(float* gradOutput, float* weight, float* gradInput)
    {
        if (allowWinograd && WinogradF2x3.AppliesToBackwardData(g))
        {
            WinogradF2x3.BackwardData(g, gradOutput, weight, gradInput, threads);
            return;
        }

        var colsLength = (long)g.InChannels * g.KernelH * g.KernelW * imagesPerBlock * pixels;
        ForEachBlock(colsLength, (n0, count, inner, cols, staging) =>
        {
            var kpg = g.OutChannelsPerGroup;
            var width = count * pixels;
            var direct = isPointwise && count == 1;
            var grad = GatherBlock(gradOutput, n0, count, staging, inner, out var ldGrad);
            var imageGrad = gradInput + ((long)n0 * g.InChannels * planeIn);
            ForGroups(inner, (group, gemmThreads) =>
            {
                var target = direct ? imageGrad + ((long)group * g.InChannelsPerGroup * planeIn) : cols + ((long)group * depth * width);
                Gemm.Sgemm(
                    gemmThreads, Transpose.Yes, Transpose.No, depth, width, kpg, 1f,
                    weight + ((long)group * kpg * depth), depth, grad + ((long)group * kpg * ldGrad), ldGrad,
                    0f, target, direct ? pixels : width);
            });

            if (!direct)
            {
                var taps = g.KernelH * g.KernelW;
                ParallelLoop.For(count * g.InChannels, inner, task =>
                {
                    var i = task / g.InChannels;
                    var channel = task % g.InChannels;
                    var rows = cols + ((long)channel * taps * width) + ((long)i * pixels);
                    Im2Col.Accumulate(g, rows, width, imageGrad + ((long)i * g.InChannels * planeIn), channel);
                });
            }
        });
    }

    public void BackwardWeight(float* input, float* gradOutput, float* gradWeight, float* gradBias, bool hasBias)
    {
        var weightSize = g.WeightSize;
        var blocks = (g.Batch + imagesPerBlock - 1) / imagesPerBlock;
        if (g.Batch == 0)
        {
            new Span<float>(gradWeight, checked((int)weightSize)).Clear();
        }

        var nr = GemmBlocking.For(GemmBlocking.BestKind).NR;
        var packedLength = new PackedPanelLayout(imagesPerBlock * pixels, depth, nr).Length * g.Groups;
        var stagingLength = (long)g.OutChannels * imagesPerBlock * pixels;

        // Each block's gradient is a partial sum; partials are added onto block 0's in block order, a wave of
        // them at a time (as many as fit a fixed budget), so the result depends on the geometry only.
        var wave = (int)Math.Clamp(PartialBudgetFloats / Math.Max(1, weightSize), 1, Math.Max(1, blocks));
        using var partials = ScratchPool.Rent(Math.Min(wave, Math.Max(0, blocks - 1)) * weightSize);
        using var sharedScratch = ScratchPool.Rent(packedLength);
        using var sharedStaging = ScratchPool.Rent(stagingLength);
        for (var w0 = 0; w0 < blocks; w0 += wave)
        {
            var inWave = Math.Min(wave, blocks - w0);
            var first = w0;
            float* Target(int block) => block == 0 ? gradWeight : partials.Pointer + ((block - first - (first == 0 ? 1 : 0)) * weightSize);
            if (threads > 1 && inWave >= 2)
            {
                ParallelLoop.For(inWave, threads, i =>
                {
                    using var scratch = ScratchPool.Rent(packedLength);
                    using var staging = ScratchPool.Rent(stagingLength);
                    WeightGradientOfBlock(w0 + i, input, gradOutput, Target(w0 + i), scratch.Pointer, staging.Pointer, 1);
                });
            }
            else
            {
                for (var i = 0; i < inWave; i++)
                {
                    WeightGradientOfBlock(w0 + i, input, gradOutput, Target(w0 + i), sharedScratch.Pointer, sharedStaging.Pointer, threads);
                }
            }

            var summed = w0 == 0 ? 1 : 0;
            if (inWave > summed)
            {
                // Element chunks in parallel; within an element the partials are added in block order.
                var partialBase = partials.Pointer;
                ParallelLoop.ForChunks(weightSize, 16384, (start, end) =>
                {
                    var total = new Span<float>(gradWeight + start, (int)(end - start));
                    for (var i = summed; i < inWave; i++)
                    {
                        var partial = new ReadOnlySpan<float>(partialBase + ((i - summed) * weightSize) + start, (int)(end - start));
                        TensorPrimitives.Add(total, partial, total);
                    }
                });
            }
        }

        if (hasBias)
        {
            ParallelLoop.For(g.OutChannels, threads, k =>
            {
                double sum = 0;
                for (var n = 0; n < g.Batch; n++)
                {
                    sum += FixedOrderSum.Sum(new ReadOnlySpan<float>(gradOutput + ((((long)n * g.OutChannels) + k) * pixels), pixels));
                }

                gradBias[k] = (float)sum;
            });
        }
    }

    /// <summary>The weight gradient of one block of images alone, written (not added) to <paramref name="target"/>.</summary>
    private void WeightGradientOfBlock(int block, float* input, float* gradOutput, float* target, float* packed, float* staging, int workers)
    {
        var kpg = g.OutChannelsPerGroup;
        var n0 = block * imagesPerBlock;
        var count = Math.Min(imagesPerBlock, g.Batch - n0);
        var width = count * pixels;
        var direct = isPointwise && count == 1;
        var image = input + ((long)n0 * g.InChannels * planeIn);
        var layout = new PackedPanelLayout(width, depth, GemmBlocking.For(GemmBlocking.BestKind).NR);
        if (!direct)
        {
            ExpandBlockPackedTransposed(image, count, packed, layout, workers);
        }

        var grad = GatherBlock(gradOutput, n0, count, staging, workers, out var ldGrad);
        ForGroups(workers, (group, gemmThreads) =>
        {
            var a = grad + ((long)group * kpg * ldGrad);
            var c = target + ((long)group * kpg * depth);
            if (direct)
            {
                Gemm.Sgemm(
                    gemmThreads, Transpose.No, Transpose.Yes, kpg, depth, width, 1f,
                    a, ldGrad, image + ((long)group * g.InChannelsPerGroup * planeIn), pixels, 0f, c, depth);
            }
            else
            {
                GemmDriver.RunPrepackedB(
                    Transpose.No, kpg, depth, width, 1f, a, ldGrad, packed + (group * layout.Length), 0f, c, depth, gemmThreads);
            }
        });
    }

    /// <summary>
    /// Runs <paramref name="body"/>(first image, image count, threads for the block's own phases, scratch,
    /// staging) for every block. With enough blocks, whole blocks run in parallel, one thread each, with their
    /// own scratch; otherwise blocks run in order and each parallelises inside. Either way every block does the
    /// same arithmetic, so the choice does not change results.
    /// </summary>
    private void ForEachBlock(long scratchLength, BlockBody body)
    {
        var blocks = (g.Batch + imagesPerBlock - 1) / imagesPerBlock;
        var stagingLength = (long)g.OutChannels * imagesPerBlock * pixels;
        if (threads > 1 && blocks >= 2 * threads)
        {
            ParallelLoop.For(blocks, threads, block =>
            {
                using var scratch = ScratchPool.Rent(scratchLength);
                using var staging = ScratchPool.Rent(stagingLength);
                var n0 = block * imagesPerBlock;
                body(n0, Math.Min(imagesPerBlock, g.Batch - n0), 1, scratch.Pointer, staging.Pointer);
            });
            return;
        }

        using (var scratch = ScratchPool.Rent(scratchLength))
        using (var staging = ScratchPool.Rent(stagingLength))
        {
            for (var n0 = 0; n0 < g.Batch; n0 += imagesPerBlock)
            {
                body(n0, Math.Min(imagesPerBlock, g.Batch - n0), threads, scratch.Pointer, staging.Pointer);
            }
        }
    }

    /// <summary>Runs body(group, GEMM threads): groups in parallel with one-thread GEMMs when there are several.</summary>
    private void ForGroups(int workers, Action<int, int> body)
    {
        if (g.Groups == 1)
        {
            body(0, workers);
        }
        else
        {
            ParallelLoop.For(g.Groups, workers, group => body(group, 1));
        }
    }

    private void ExpandBlockPackedTransposed(float* images, int count, float* packed, PackedPanelLayout layout, int workers)
    {
        // One task per (image, group, panel of NR operand columns): each owns whole cache lines of the panel.
        var panels = (depth + layout.NR - 1) / layout.NR;
        var cpg = g.InChannelsPerGroup;
        ParallelLoop.For(count * g.Groups * panels, workers, task =>
        {
            var i = task / (g.Groups * panels);
            var group = task / panels % g.Groups;
            var q0 = task % panels * layout.NR;
            Im2Col.ExpandPackedTransposed(
                g, images + ((long)i * g.InChannels * planeIn), group * cpg, q0, Math.Min(depth, q0 + layout.NR),
                packed + (group * layout.Length), layout, i * pixels);
        });
    }

    private void ExpandBlockPacked(float* images, int count, float* packed, PackedPanelLayout layout, int workers)
    {
        var taps = g.KernelH * g.KernelW;
        var cpg = g.InChannelsPerGroup;
        ParallelLoop.For(count * g.InChannels, workers, task =>
        {
            var i = task / g.InChannels;
            var channel = task % g.InChannels;
            var groupOperand = packed + ((channel / cpg) * layout.Length);
            Im2Col.ExpandPacked(g, images + ((long)i * g.InChannels * planeIn), channel, groupOperand, layout, channel % cpg * taps, i * pixels);
        });
    }

    /// <summary>
    /// The block's output gradient as a [Cout x count*OH*OW] matrix: the tensor itself for one image,
    /// otherwise a copy into <paramref name="staging"/> with the images side by side.
    /// </summary>
    private float* GatherBlock(float* gradOutput, int n0, int count, float* staging, int workers, out int ld)
    {
        var block = gradOutput + ((long)n0 * g.OutChannels * pixels);
        if (count == 1)
        {
            ld = pixels;
            return block;
        }

        var width = count * pixels;
        ParallelLoop.For(g.OutChannels, workers, k =>
        {
            for (var i = 0; i < count; i++)
            {
                new ReadOnlySpan<float>(block + ((((long)i * g.OutChannels) + k) * pixels), pixels)
                    .CopyTo(new Span<float>(staging + ((long)k * width) + ((long)i * pixels), pixels));
            }
        });
        ld = width;
        return staging;
    }
}
