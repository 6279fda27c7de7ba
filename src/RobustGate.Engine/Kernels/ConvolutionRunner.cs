using System.Numerics.Tensors;

namespace RobustGate.Engine.Kernels;

/// <summary>
/// The fast convolution passes as GEMMs over blocks of images. Per block of <c>count</c> images and per group,
/// the column matrix (im2col, K = Cin/G * R * S rows, count * OH * OW columns) meets the group's weights
/// [Cout/G x K]. Small feature maps are batched into one block so the GEMM's N stays wide; a 1x1, stride-1,
/// unpadded convolution of a single-image block uses the input itself as the column matrix. The block size
/// depends on the geometry only, and every reduction (GEMM over K, the weight gradient over blocks in batch
/// order, col2im over taps) runs in a fixed order, so results are bit-identical for any thread count.
/// </summary>
internal sealed unsafe class ConvolutionRunner
{
    /// <summary>Images are grouped until a block has at least this many output pixels (GEMM columns).</summary>
    private const int TargetColumns = 1024;

    private readonly ConvGeometry g;
    private readonly int threads;
    private readonly int pixels;
    private readonly int planeIn;
    private readonly int depth;
    private readonly int imagesPerBlock;
    private readonly bool isPointwise;

    public ConvolutionRunner(in ConvGeometry geometry, int threads)
    {
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
    {
        var layout = new PackedPanelLayout(depth, imagesPerBlock * pixels, GemmBlocking.For(GemmBlocking.BestKind).NR);
        using var packed = ScratchPool.Rent(layout.Length * g.Groups);
        using var staging = ScratchPool.Rent((long)g.OutChannels * imagesPerBlock * pixels);
        var kpg = g.OutChannelsPerGroup;
        for (var n0 = 0; n0 < g.Batch; n0 += imagesPerBlock)
        {
            var count = Math.Min(imagesPerBlock, g.Batch - n0);
            var width = count * pixels;
            var direct = isPointwise && count == 1;
            var image = input + ((long)n0 * g.InChannels * planeIn);
            var blockLayout = new PackedPanelLayout(depth, width, layout.NR);
            if (!direct)
            {
                ExpandBlockPacked(image, count, packed.Pointer, blockLayout);
            }

            var single = count == 1;
            var target = single ? output + ((long)n0 * g.OutChannels * pixels) : staging.Pointer;
            var ldTarget = single ? pixels : width;
            if (single && hasBias)
            {
                for (var k = 0; k < g.OutChannels; k++)
                {
                    new Span<float>(target + ((long)k * pixels), pixels).Fill(bias[k]);
                }
            }

            var beta = single && hasBias ? 1f : 0f;
            ForGroups(group =>
            {
                var a = weight + ((long)group * kpg * depth);
                var c = target + ((long)group * kpg * ldTarget);
                if (direct)
                {
                    Gemm.Sgemm(
                        GroupThreads, Transpose.No, Transpose.No, kpg, width, depth, 1f,
                        a, depth, image + ((long)group * g.InChannelsPerGroup * planeIn), pixels, beta, c, ldTarget);
                }
                else
                {
                    GemmDriver.RunPrepackedB(
                        Transpose.No, kpg, width, depth, 1f, a, depth, packed.Pointer + (group * blockLayout.Length), beta, c, ldTarget, GroupThreads);
                }
            });

            if (!single)
            {
                var stage = staging.Pointer;
                var outBlock = output + ((long)n0 * g.OutChannels * pixels);
                ParallelLoop.For(g.OutChannels, threads, k =>
                {
                    for (var i = 0; i < count; i++)
                    {
                        var src = new ReadOnlySpan<float>(stage + ((long)k * width) + ((long)i * pixels), pixels);
                        var dst = new Span<float>(outBlock + ((((long)i * g.OutChannels) + k) * pixels), pixels);
                        if (hasBias)
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
        }
    }

    public void BackwardData(float* gradOutput, float* weight, float* gradInput)
    {
        using var cols = RentColumns();
        using var staging = ScratchPool.Rent((long)g.OutChannels * imagesPerBlock * pixels);
        var kpg = g.OutChannelsPerGroup;
        for (var n0 = 0; n0 < g.Batch; n0 += imagesPerBlock)
        {
            var count = Math.Min(imagesPerBlock, g.Batch - n0);
            var width = count * pixels;
            var direct = isPointwise && count == 1;
            var grad = GatherBlock(gradOutput, n0, count, staging.Pointer, out var ldGrad);
            var imageGrad = gradInput + ((long)n0 * g.InChannels * planeIn);
            ForGroups(group =>
            {
                var target = direct ? imageGrad + ((long)group * g.InChannelsPerGroup * planeIn) : cols.Pointer + ((long)group * depth * width);
                Gemm.Sgemm(
                    GroupThreads, Transpose.Yes, Transpose.No, depth, width, kpg, 1f,
                    weight + ((long)group * kpg * depth), depth, grad + ((long)group * kpg * ldGrad), ldGrad,
                    0f, target, direct ? pixels : width);
            });

            if (!direct)
            {
                var colsPointer = cols.Pointer;
                var taps = g.KernelH * g.KernelW;
                ParallelLoop.For(count * g.InChannels, threads, task =>
                {
                    var i = task / g.InChannels;
                    var channel = task % g.InChannels;
                    var rows = colsPointer + ((long)channel * taps * width) + ((long)i * pixels);
                    Im2Col.Accumulate(g, rows, width, imageGrad + ((long)i * g.InChannels * planeIn), channel);
                });
            }
        }
    }

    public void BackwardWeight(float* input, float* gradOutput, float* gradWeight, float* gradBias, bool hasBias)
    {
        var kpg = g.OutChannelsPerGroup;
        if (g.Batch == 0)
        {
            new Span<float>(gradWeight, checked((int)g.WeightSize)).Clear();
        }

        var nr = GemmBlocking.For(GemmBlocking.BestKind).NR;
        using var packed = ScratchPool.Rent(new PackedPanelLayout(imagesPerBlock * pixels, depth, nr).Length * g.Groups);
        using var staging = ScratchPool.Rent((long)g.OutChannels * imagesPerBlock * pixels);
        for (var n0 = 0; n0 < g.Batch; n0 += imagesPerBlock)
        {
            var count = Math.Min(imagesPerBlock, g.Batch - n0);
            var width = count * pixels;
            var direct = isPointwise && count == 1;
            var image = input + ((long)n0 * g.InChannels * planeIn);
            var layout = new PackedPanelLayout(width, depth, nr);
            if (!direct)
            {
                ExpandBlockPackedTransposed(image, count, packed.Pointer, layout);
            }

            var grad = GatherBlock(gradOutput, n0, count, staging.Pointer, out var ldGrad);

            // Blocks add onto the gradient in batch order; the first overwrites it.
            var beta = n0 == 0 ? 0f : 1f;
            ForGroups(group =>
            {
                var a = grad + ((long)group * kpg * ldGrad);
                var c = gradWeight + ((long)group * kpg * depth);
                if (direct)
                {
                    Gemm.Sgemm(
                        GroupThreads, Transpose.No, Transpose.Yes, kpg, depth, width, 1f,
                        a, ldGrad, image + ((long)group * g.InChannelsPerGroup * planeIn), pixels, beta, c, depth);
                }
                else
                {
                    GemmDriver.RunPrepackedB(
                        Transpose.No, kpg, depth, width, 1f, a, ldGrad, packed.Pointer + (group * layout.Length), beta, c, depth, GroupThreads);
                }
            });
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

    /// <summary>GEMM threads per group: groups run in parallel when there are several, each GEMM on one thread.</summary>
    private int GroupThreads => g.Groups > 1 ? 1 : threads;

    private void ForGroups(Action<int> body) => ParallelLoop.For(g.Groups, g.Groups > 1 ? threads : 1, body);

    private ScratchBuffer RentColumns() => ScratchPool.Rent((long)g.InChannels * g.KernelH * g.KernelW * imagesPerBlock * pixels);

    private void ExpandBlockPackedTransposed(float* images, int count, float* packed, PackedPanelLayout layout)
    {
        // One task per (image, group, panel of NR operand columns): each owns whole cache lines of the panel.
        var panels = (depth + layout.NR - 1) / layout.NR;
        var cpg = g.InChannelsPerGroup;
        ParallelLoop.For(count * g.Groups * panels, threads, task =>
        {
            var i = task / (g.Groups * panels);
            var group = task / panels % g.Groups;
            var q0 = task % panels * layout.NR;
            Im2Col.ExpandPackedTransposed(
                g, images + ((long)i * g.InChannels * planeIn), group * cpg, q0, Math.Min(depth, q0 + layout.NR),
                packed + (group * layout.Length), layout, i * pixels);
        });
    }

    private void ExpandBlockPacked(float* images, int count, float* packed, PackedPanelLayout layout)
    {
        var taps = g.KernelH * g.KernelW;
        var cpg = g.InChannelsPerGroup;
        ParallelLoop.For(count * g.InChannels, threads, task =>
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
    private float* GatherBlock(float* gradOutput, int n0, int count, float* staging, out int ld)
    {
        var block = gradOutput + ((long)n0 * g.OutChannels * pixels);
        if (count == 1)
        {
            ld = pixels;
            return block;
        }

        var width = count * pixels;
        ParallelLoop.For(g.OutChannels, threads, k =>
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
