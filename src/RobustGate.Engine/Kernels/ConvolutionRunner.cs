using System.Numerics.Tensors;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace RobustGate.Engine.Kernels;

/// <summary>
/// The fast convolution passes as GEMMs over blocks of images. Per block of <c>count</c> images and per group,
/// the column matrix (im2col, K = Cin/G * R * S rows, count * OH * OW columns) meets the group's weights
/// [Cout/G x K]; im2col writes straight into the GEMM's packed-panel layout. Small feature maps are batched
/// into one block so the GEMM's N stays wide; a 1x1, stride-1, unpadded convolution of a single-image block
/// uses the input itself. With enough blocks, whole blocks run in parallel (one thread each, own scratch);
/// otherwise each block's phases run in parallel. The block size depends on the geometry only, and every
/// reduction runs in a fixed order (GEMM over K; the weight gradient in a fixed number of accumulation streams,
/// each adding its blocks in order through the GEMM's beta, the streams added in order; col2im over taps; the bias gradient per image in batch order), so results are bit-identical for
/// any thread count.
/// </summary>
internal sealed unsafe class ConvolutionRunner
{
    /// <summary>Images are grouped until a block has at least this many output pixels (GEMM columns).</summary>
    private const int TargetColumns = 1024;

    /// <summary>
    /// Weight-gradient accumulation streams: block b is summed in stream b % 4, and the streams are added in
    /// stream order at the end. Fixed rather than the thread count, so that a weight gradient's summation order
    /// depends on the geometry only; four keeps one and two threads (and three nearly) balanced.
    /// </summary>
    internal const int AccumulationStreams = 4;

    /// <summary>
    /// Fewer input channels than this stay on im2col + GEMM: Winograd's 16 GEMMs would have K = channels in the
    /// forward pass (M = channels in the input gradient), and its transforms' memory traffic outweighs the flops
    /// saved (resnet18-cifar's 3-channel stem: 6.3 ms on one thread and on two via Winograd).
    /// </summary>
    internal const int WinogradMinInputChannels = 16;

    private readonly ConvGeometry g;
    private readonly int threads;
    private readonly int pixels;
    private readonly int planeIn;
    private readonly int depth;
    private readonly int imagesPerBlock;
    private readonly bool isPointwise;
    private readonly bool allowWinograd;

    /// <summary>The <see cref="ShiftedTap"/> column masks, pinned; null where im2col takes its general path.</summary>
    private readonly int[]? columnMasks;

    /// <summary>The pinned <see cref="columnMasks"/>, or null.</summary>
    private int* Masks => columnMasks is null ? null : (int*)Unsafe.AsPointer(ref MemoryMarshal.GetArrayDataReference(columnMasks));

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
        columnMasks = ShiftedTap.Applies(g) ? ShiftedTap.ColumnMasks(g) : null;
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
        if (allowWinograd && WinogradF2x3.Applies(g) && g.InChannels >= WinogradMinInputChannels)
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
        if (allowWinograd && WinogradF2x3.AppliesToBackwardData(g) && g.InChannels >= WinogradMinInputChannels)
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
                    Im2Col.Accumulate(g, rows, width, imageGrad + ((long)i * g.InChannels * planeIn), channel, Masks);
                });
            }
        });
    }

    public void BackwardWeight(float* input, float* gradOutput, float* gradWeight, float* gradBias, bool hasBias)
    {
        var weightSize = g.WeightSize;
        var blocks = (g.Batch + imagesPerBlock - 1) / imagesPerBlock;
        var streams = Math.Min(AccumulationStreams, blocks);
        if (streams == 0)
        {
            new Span<float>(gradWeight, checked((int)weightSize)).Clear();
        }
        else
        {
            var colsLength = (long)g.Groups * depth * imagesPerBlock * pixels;
            var stagingLength = (long)g.OutChannels * imagesPerBlock * pixels;
            using var sums = ScratchPool.Rent(streams * weightSize);
            if (threads > 1 && streams >= 2)
            {
                ParallelLoop.For(streams, threads, stream =>
                {
                    using var cols = ScratchPool.Rent(colsLength);
                    using var staging = ScratchPool.Rent(stagingLength);
                    AccumulateStream(stream, streams, blocks, input, gradOutput, sums.Pointer + (stream * weightSize), cols.Pointer, staging.Pointer, 1);
                });
            }
            else
            {
                using var cols = ScratchPool.Rent(colsLength);
                using var staging = ScratchPool.Rent(stagingLength);
                for (var stream = 0; stream < streams; stream++)
                {
                    AccumulateStream(stream, streams, blocks, input, gradOutput, sums.Pointer + (stream * weightSize), cols.Pointer, staging.Pointer, threads);
                }
            }

            // Streams are added onto stream 0 in stream order (element chunks in parallel), then the
            // [depth x Cout/G] sums are transposed into the [Cout x depth] gradient.
            var total = sums.Pointer;
            if (streams > 1)
            {
                ParallelLoop.ForChunks(weightSize, 16384, (start, end) =>
                {
                    var sum = new Span<float>(total + start, (int)(end - start));
                    for (var stream = 1; stream < streams; stream++)
                    {
                        TensorPrimitives.Add(sum, new ReadOnlySpan<float>(total + (stream * weightSize) + start, (int)(end - start)), sum);
                    }
                });
            }

            var kpg = g.OutChannelsPerGroup;
            ParallelLoop.For(g.Groups, threads, group =>
            {
                var offset = (long)group * kpg * depth;
                TransposeInto(total + offset, depth, kpg, gradWeight + offset);
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

    /// <summary>
    /// The transposed weight gradient [group][depth x Cout/G] of blocks stream, stream + streams, ... accumulated
    /// in block order in <paramref name="sum"/>: the first block's GEMM overwrites it (beta 0), later ones add
    /// (beta 1), so the GEMM's own K loop carries the sum across blocks without partial buffers. The column matrix
    /// is the GEMM's A operand (M = depth, K = pixels), the output gradient's transpose its B (N = Cout/G).
    /// </summary>
    private void AccumulateStream(int stream, int streams, int blocks, float* input, float* gradOutput, float* sum, float* cols, float* staging, int workers)
    {
        var kpg = g.OutChannelsPerGroup;
        var cpg = g.InChannelsPerGroup;
        var taps = g.KernelH * g.KernelW;
        for (var block = stream; block < blocks; block += streams)
        {
            var n0 = block * imagesPerBlock;
            var count = Math.Min(imagesPerBlock, g.Batch - n0);
            var width = count * pixels;
            var direct = isPointwise && count == 1;
            var image = input + ((long)n0 * g.InChannels * planeIn);
            if (!direct)
            {
                ParallelLoop.For(count * g.InChannels, workers, task =>
                {
                    var i = task / g.InChannels;
                    var channel = task % g.InChannels;
                    Im2Col.Expand(g, image + ((long)i * g.InChannels * planeIn), channel, cols + ((long)channel * taps * width), width, i * pixels, Masks);
                });
            }

            var grad = GatherBlock(gradOutput, n0, count, staging, workers, out var ldGrad);
            var beta = block == stream ? 0f : 1f;
            ForGroups(workers, (group, gemmThreads) =>
            {
                var a = direct ? image + ((long)group * cpg * planeIn) : cols + ((long)group * depth * width);
                Gemm.Sgemm(
                    gemmThreads, Transpose.No, Transpose.Yes, depth, kpg, width, 1f,
                    a, width, grad + ((long)group * kpg * ldGrad), ldGrad, beta, sum + ((long)group * depth * kpg), kpg);
            });
        }
    }

    /// <summary>dst[o * rows + q] = src[q * cols + o] for a rows x cols source: 8 x 8 register blocks, scalar edges.</summary>
    private static void TransposeInto(float* src, int rows, int cols, float* dst)
    {
        var rowsFull = rows & ~7;
        var colsFull = cols & ~7;
        for (var q = 0; q < rowsFull; q += 8)
        {
            for (var o = 0; o < colsFull; o += 8)
            {
                GemmTranspose8x8.Block(src + ((long)q * cols) + o, cols, dst + ((long)o * rows) + q, rows);
            }
        }

        for (var o = 0; o < cols; o++)
        {
            var to = dst + ((long)o * rows);
            var from = src + o;
            for (var q = o < colsFull ? rowsFull : 0; q < rows; q++)
            {
                to[q] = from[(long)q * cols];
            }
        }
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

    private void ExpandBlockPacked(float* images, int count, float* packed, PackedPanelLayout layout, int workers)
    {
        var taps = g.KernelH * g.KernelW;
        var cpg = g.InChannelsPerGroup;
        ParallelLoop.For(count * g.InChannels, workers, task =>
        {
            var i = task / g.InChannels;
            var channel = task % g.InChannels;
            var groupOperand = packed + ((channel / cpg) * layout.Length);
            Im2Col.ExpandPacked(g, images + ((long)i * g.InChannels * planeIn), channel, groupOperand, layout, channel % cpg * taps, i * pixels, Masks);
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
