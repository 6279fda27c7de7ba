using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace RobustGate.Engine.Kernels;

/// <summary>
/// Forward 3x3 stride-1 convolution by Winograd F(2x2, 3x3): every 2x2 output tile comes from a 4x4 input
/// patch d and a 3x3 filter g as A^T [(G g G^T) . (B^T d B)] A, so the 36 multiply-adds per tile and channel
/// pair of direct convolution become 16, done as 16 GEMMs (one per tile element xi) of
/// U_xi [K x C] times V_xi [C x tiles]: 2.25x fewer flops than im2col + GEMM, and the transformed input
/// (16 values per 4 input pixels) is 2.25x smaller than the im2col matrix (9 per pixel).
/// </summary>
/// <remarks>
/// F(2x2, 3x3) rather than F(4x4, 3x3): its transforms have coefficients 0, +-1 and 1/2 only, so the
/// rounding error stays at the level of the direct sum (PyTorch parity tolerances are unchanged); F(4x4)
/// saves another 1.8x in flops but its transforms amplify rounding errors by an order of magnitude.
/// The transforms are vectorised over the tiles of a tile row (16 per Vector512), so they pay only when
/// output rows are wide; <see cref="Applies"/> keeps narrow outputs (8x8, 4x4 at the end of a ResNet) on
/// im2col + GEMM, where there are few tiles per row. Every sum has a fixed order and the GEMMs are the
/// deterministic packed SGEMM, so results do not depend on the thread count.
/// </remarks>
internal static unsafe class WinogradF2x3
{
    /// <summary>Output rows narrower than this stay on im2col: the tile-row vectors would be mostly empty.</summary>
    public const int MinOutWidth = 16;

    /// <summary>
    /// Tiles (GEMM columns) per block of images: one 32 x 32 image (256 tiles). The block's transformed input and
    /// GEMM output (16 x channels x tiles floats each, 1 MiB at 64 channels) then stay in L2; with 1024 tiles they
    /// went to memory, and on two threads resnet18-cifar's 32 x 32 layers ran no faster than on one (inference
    /// 191 against 236-249 images/s with 256 tiles).
    /// </summary>
    private const int TargetTiles = 256;

    private const int Lanes = 16;

    public static bool Applies(in ConvGeometry g) =>
        g.KernelH == 3 && g.KernelW == 3 && g.StrideH == 1 && g.StrideW == 1 && g.DilationH == 1 && g.DilationW == 1
        && g.Groups == 1 && g.OutW >= MinOutWidth && g.OutH >= 2 && g.Batch > 0
        && g.OutW <= MaxOutSize && g.OutH <= MaxOutSize && g.PadW <= 2;

    /// <summary>Bounds the per-plane stack buffers of the input transform (about 130 KiB at 128 x 128 outputs).</summary>
    public const int MaxOutSize = 128;

    /// <summary>
    /// Whether the gradient with respect to the input of <paramref name="g"/> can go through <see cref="BackwardData"/>:
    /// a 3x3 stride-1 convolution's input gradient is itself such a convolution (see there), with padding 2 - pad.
    /// </summary>
    public static bool AppliesToBackwardData(in ConvGeometry g) =>
        g.PadH <= 2 && g.PadW <= 2 && g.KernelH == 3 && g.KernelW == 3 && g.StrideH == 1 && g.StrideW == 1
        && g.DilationH == 1 && g.DilationW == 1 && g.Groups == 1 && g.Batch > 0 && Applies(AdjointGeometry(g));

    /// <summary>
    /// gradInput = conv(gradOutput, W') with W'[c, k, r, s] = W[k, c, 2 - r, 2 - s] and padding 2 - pad: the adjoint of
    /// a stride-1 3x3 convolution, computed by <see cref="Forward"/> (every input pixel is overwritten, none accumulated).
    /// </summary>
    public static void BackwardData(ConvGeometry g, float* gradOutput, float* weight, float* gradInput, int threads)
    {
        int channels = g.InChannels, filters = g.OutChannels;
        using var flipped = ScratchPool.Rent(9L * channels * filters);
        var target = flipped.Pointer;
        ParallelLoop.For(channels, threads, c =>
        {
            for (var k = 0; k < filters; k++)
            {
                var from = weight + ((((long)k * channels) + c) * 9);
                var to = target + ((((long)c * filters) + k) * 9);
                for (var tap = 0; tap < 9; tap++)
                {
                    to[tap] = from[8 - tap];
                }
            }
        });

        Forward(AdjointGeometry(g), gradOutput, target, null, false, gradInput, threads);
    }

    private static ConvGeometry AdjointGeometry(in ConvGeometry g) =>
        new(g.Batch, g.OutChannels, g.OutH, g.OutW, g.InChannels, 3, 3, PadH: 2 - g.PadH, PadW: 2 - g.PadW);

    /// <summary>
    /// output = conv(input, weight) + bias. Blocks of images are independent: with at least two per thread they
    /// run in parallel, one thread each with its own scratch (16 GEMMs and three transforms per block are too
    /// short to fork and join every time); otherwise they run in order and each phase is parallel inside.
    /// A block's arithmetic is the same either way.
    /// </summary>
    public static void Forward(ConvGeometry g, float* input, float* weight, float* bias, bool hasBias, float* output, int threads)
    {
        int channels = g.InChannels, filters = g.OutChannels;
        var tilesPerImage = ((g.OutH + 1) / 2) * ((g.OutW + 1) / 2);
        var imagesPerBlock = Math.Clamp(TargetTiles / tilesPerImage, 1, g.Batch);
        var maxTiles = imagesPerBlock * tilesPerImage;
        var nr = GemmBlocking.For(GemmBlocking.BestKind).NR;
        var vLength = 16 * new PackedPanelLayout(channels, maxTiles, nr).Length;

        // Slack after the last row: the output transform reads whole vectors past a tile row's end.
        var mLength = (16L * filters * maxTiles) + Lanes;
        using var u = ScratchPool.Rent(16L * filters * channels);
        var uBase = u.Pointer;
        ParallelLoop.For(filters, threads, k => TransformFilters(weight, k, channels, filters, uBase));
        var blocks = (g.Batch + imagesPerBlock - 1) / imagesPerBlock;
        if (threads > 1 && blocks >= 2 * threads)
        {
            ParallelLoop.For(blocks, threads, block =>
            {
                using var v = ScratchPool.Rent(vLength);
                using var m = ScratchPool.Rent(mLength);
                ForwardBlock(g, block * imagesPerBlock, imagesPerBlock, input, uBase, bias, hasBias, output, v.Pointer, m.Pointer, 1);
            });
            return;
        }

        using (var v = ScratchPool.Rent(vLength))
        using (var m = ScratchPool.Rent(mLength))
        {
            for (var block = 0; block < blocks; block++)
            {
                ForwardBlock(g, block * imagesPerBlock, imagesPerBlock, input, uBase, bias, hasBias, output, v.Pointer, m.Pointer, threads);
            }
        }
    }

    /// <summary>Images n0 .. n0 + imagesPerBlock (fewer at the end of the batch): input transform, 16 GEMMs, output transform.</summary>
    private static void ForwardBlock(
        ConvGeometry g, int n0, int imagesPerBlock, float* input, float* u, float* bias, bool hasBias, float* output, float* v, float* m, int threads)
    {
        int channels = g.InChannels, filters = g.OutChannels;
        var tilesPerImage = ((g.OutH + 1) / 2) * ((g.OutW + 1) / 2);
        var count = Math.Min(imagesPerBlock, g.Batch - n0);
        var tiles = count * tilesPerImage;
        var layout = new PackedPanelLayout(channels, tiles, GemmBlocking.For(GemmBlocking.BestKind).NR);
        var images = input + ((long)n0 * channels * g.InH * g.InW);
        ParallelLoop.For(count * channels, threads, task =>
        {
            var i = task / channels;
            var c = task % channels;
            TransformInputPlane(g, images + ((((long)i * channels) + c) * g.InH * g.InW), c, i * tilesPerImage, v, layout);
        });

        for (var xi = 0; xi < 16; xi++)
        {
            GemmDriver.RunPrepackedB(
                Transpose.No, filters, tiles, channels, 1f, u + ((long)xi * filters * channels), channels,
                v + (xi * layout.Length), 0f, m + ((long)xi * filters * tiles), tiles, threads);
        }

        var outBlock = output + ((long)n0 * filters * g.OutH * g.OutW);
        ParallelLoop.For(count * filters, threads, task =>
        {
            var i = task / filters;
            var k = task % filters;
            var plane = outBlock + ((((long)i * filters) + k) * g.OutH * g.OutW);
            TransformOutputPlane(g, m + ((long)k * tiles) + ((long)i * tilesPerImage), (long)filters * tiles, hasBias ? bias[k] : 0f, plane);
        });
    }

    /// <summary>U_xi[k, c] = (G g G^T)[xi] for every input channel c of filter k, G = [1 0 0; .5 .5 .5; .5 -.5 .5; 0 0 1].</summary>
    private static void TransformFilters(float* weight, int k, int channels, int filters, float* u)
    {
        var t = stackalloc float[12];
        for (var c = 0; c < channels; c++)
        {
            var g = weight + ((((long)k * channels) + c) * 9);

            // Rows: t = G g (4 x 3).
            for (var s = 0; s < 3; s++)
            {
                float g0 = g[s], g1 = g[3 + s], g2 = g[6 + s];
                t[s] = g0;
                t[3 + s] = 0.5f * (g0 + g1 + g2);
                t[6 + s] = 0.5f * (g0 - g1 + g2);
                t[9 + s] = g2;
            }

            // Columns: (G g) G^T (4 x 4).
            for (var r = 0; r < 4; r++)
            {
                float a0 = t[3 * r], a1 = t[(3 * r) + 1], a2 = t[(3 * r) + 2];
                var target = u + ((long)k * channels) + c;
                var stride = (long)filters * channels;
                target[((4 * r) + 0) * stride] = a0;
                target[((4 * r) + 1) * stride] = 0.5f * (a0 + a1 + a2);
                target[((4 * r) + 2) * stride] = 0.5f * (a0 - a1 + a2);
                target[((4 * r) + 3) * stride] = a2;
            }
        }
    }

    /// <summary>
    /// V_xi[c, firstTile + tile] = (B^T d B)[xi] for every tile of one input plane, B^T = [1 0 -1 0; 0 1 1 0;
    /// 0 -1 1 0; 0 1 0 -1], written straight into the GEMM's packed B layout. Each padded input row is
    /// transformed along x once (even and odd columns split so that tile tx reads lanes tx and tx + 1); each tile
    /// row then combines four of those rows along y, 16 tiles per vector.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    [SkipLocalsInit] // every scratch row is written before it is read; zeroing ux cost a tenth of the transform
    private static void TransformInputPlane(in ConvGeometry g, float* plane, int channel, int firstTile, float* v, in PackedPanelLayout layout)
    {
        int inH = g.InH, inW = g.InW, padH = g.PadH, padW = g.PadW;
        var tileCols = (g.OutW + 1) / 2;
        var tileRows = (g.OutH + 1) / 2;
        var width = (tileCols + Lanes - 1) / Lanes * Lanes;
        var rows = (2 * tileRows) + 2;

        // padded: one input row with its zero padding, 2 * (width + Lanes) columns; ux: [row][j][width].
        var paddedLength = 2 * (width + Lanes);
        var padded = stackalloc float[paddedLength];
        var even = stackalloc float[width + Lanes];
        var odd = stackalloc float[width + Lanes];
        var ux = stackalloc float[rows * 4 * width];
        var vt = stackalloc float[Lanes];
        new Span<float>(padded, paddedLength).Clear();
        var copied = Math.Min(inW, paddedLength - padW);
        for (var r = 0; r < rows; r++)
        {
            var y = r - padH;
            if ((uint)y < (uint)inH)
            {
                new ReadOnlySpan<float>(plane + ((long)y * inW), copied).CopyTo(new Span<float>(padded + padW, copied));
            }
            else
            {
                new Span<float>(padded + padW, copied).Clear();
            }

            var u0 = ux + (((r * 4) + 0) * width);
            var u1 = ux + (((r * 4) + 1) * width);
            var u2 = ux + (((r * 4) + 2) * width);
            var u3 = ux + (((r * 4) + 3) * width);
            if (Avx512F.IsSupported)
            {
                // Even and odd columns straight from the padded row, and the one-column shifts from registers
                // (valignd): reloading them from just-stored even/odd rows at a one-float offset failed store
                // forwarding on every load.
                var (e0, o0) = EvenOdd(padded);
                for (var t = 0; t < width; t += Lanes)
                {
                    var (eNext, oNext) = EvenOdd(padded + (2 * (t + Lanes)));
                    var e1 = Avx512F.AlignRight32(eNext.AsInt32(), e0.AsInt32(), 1).AsSingle();
                    var o1 = Avx512F.AlignRight32(oNext.AsInt32(), o0.AsInt32(), 1).AsSingle();
                    Vector512.Store(e0 - e1, u0 + t);
                    Vector512.Store(o0 + e1, u1 + t);
                    Vector512.Store(e1 - o0, u2 + t);
                    Vector512.Store(o0 - o1, u3 + t);
                    (e0, o0) = (eNext, oNext);
                }

                continue;
            }

            Deinterleave(padded, even, odd, width + Lanes);
            for (var t = 0; t < width; t += Lanes)
            {
                var e0 = Vector512.Load(even + t);
                var e1 = Vector512.Load(even + t + 1);
                var o0 = Vector512.Load(odd + t);
                var o1 = Vector512.Load(odd + t + 1);
                Vector512.Store(e0 - e1, u0 + t);
                Vector512.Store(o0 + e1, u1 + t);
                Vector512.Store(e1 - o0, u2 + t);
                Vector512.Store(o0 - o1, u3 + t);
            }
        }

        for (var ty = 0; ty < tileRows; ty++)
        {
            var rowTile = firstTile + (ty * tileCols);
            var top = ux + ((long)(2 * ty) * 4 * width);
            for (var j = 0; j < 4; j++)
            {
                var r0 = top + (((0 * 4) + j) * width);
                var r1 = top + (((1 * 4) + j) * width);
                var r2 = top + (((2 * 4) + j) * width);
                var r3 = top + (((3 * 4) + j) * width);
                for (var t = 0; t < width; t += Lanes)
                {
                    var a0 = Vector512.Load(r0 + t);
                    var a1 = Vector512.Load(r1 + t);
                    var a2 = Vector512.Load(r2 + t);
                    var a3 = Vector512.Load(r3 + t);
                    var length = Math.Min(Lanes, tileCols - t);
                    StoreRun(a0 - a2, vt, v + ((0 + j) * layout.Length), layout, channel, rowTile + t, length);
                    StoreRun(a1 + a2, vt, v + ((4 + j) * layout.Length), layout, channel, rowTile + t, length);
                    StoreRun(a2 - a1, vt, v + ((8 + j) * layout.Length), layout, channel, rowTile + t, length);
                    StoreRun(a1 - a3, vt, v + ((12 + j) * layout.Length), layout, channel, rowTile + t, length);
                }
            }
        }
    }

    /// <summary>Columns 0, 2, ..., 30 and 1, 3, ..., 31 of the 32 floats at <paramref name="source"/>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static (Vector512<float> Even, Vector512<float> Odd) EvenOdd(float* source)
    {
        var evenIndex = Vector512.Create(0, 2, 4, 6, 8, 10, 12, 14, 16, 18, 20, 22, 24, 26, 28, 30);
        var lo = Vector512.Load(source);
        var hi = Vector512.Load(source + Lanes);
        return (Avx512F.PermuteVar16x32x2(lo, evenIndex, hi), Avx512F.PermuteVar16x32x2(lo, evenIndex + Vector512<int>.One, hi));
    }

    /// <summary>even[t] = source[2t], odd[t] = source[2t + 1] for t &lt; count: the split without AVX-512 (with it, <see cref="EvenOdd"/> in registers).</summary>
    private static void Deinterleave(float* source, float* even, float* odd, int count)
    {
        for (var t = 0; t < count; t++)
        {
            even[t] = source[2 * t];
            odd[t] = source[(2 * t) + 1];
        }
    }

    /// <summary>
    /// Stores the first <paramref name="length"/> lanes as packed operand row <paramref name="row"/>, columns from
    /// <paramref name="column"/>: one store, or with AVX-512 at most two masked ones (the run may cross one NR
    /// panel boundary). Short tile rows (8 tiles at 16 x 16 outputs) used to go through a scratch copy per run.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void StoreRun(Vector512<float> values, float* scratch, float* packed, in PackedPanelLayout layout, int row, int column, int length)
    {
        var nr = layout.NR;
        var lane = column & (nr - 1);
        if (length == Lanes && lane + Lanes <= nr)
        {
            Vector512.Store(values, packed + layout.Offset(row, column));
            return;
        }

        if (Avx512F.IsSupported && nr >= Lanes)
        {
            var first = Math.Min(length, nr - lane);
            Avx512F.MaskStore(packed + layout.Offset(row, column), FirstLanes(first), values);
            if (first < length)
            {
                var rest = Avx512F.PermuteVar16x32(values, Vector512<int>.Indices + Vector512.Create(first));
                Avx512F.MaskStore(packed + layout.Offset(row, column + first), FirstLanes(length - first), rest);
            }

            return;
        }

        Vector512.Store(values, scratch);
        var done = 0;
        while (done < length)
        {
            // Consecutive columns are contiguous within one NR panel only.
            var j = column + done;
            var run = Math.Min(length - done, nr - (j & (nr - 1)));
            new ReadOnlySpan<float>(scratch + done, run).CopyTo(new Span<float>(packed + layout.Offset(row, j), run));
            done += run;
        }
    }

    /// <summary>A store mask of lanes 0 .. count - 1.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector512<float> FirstLanes(int count)
        => Vector512.LessThan(Vector512<int>.Indices, Vector512.Create(count)).AsSingle();

    /// <summary>
    /// One output plane from its 16 GEMM results: Y = A^T M A per tile, A^T = [1 1 1 0; 0 1 -1 -1], plus the
    /// bias; <paramref name="m"/> points at tile 0 of the plane in M_0, and M_xi lies <paramref name="xiStride"/> further.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void TransformOutputPlane(in ConvGeometry g, float* m, long xiStride, float bias, float* plane)
    {
        var tileCols = (g.OutW + 1) / 2;
        var tileRows = (g.OutH + 1) / 2;
        var y0 = stackalloc float[2 * Lanes];
        var y1 = stackalloc float[2 * Lanes];
        var vb = Vector512.Create(bias);
        for (var ty = 0; ty < tileRows; ty++)
        {
            var top = plane + ((long)(2 * ty) * g.OutW);
            var hasBottom = (2 * ty) + 1 < g.OutH;
            for (var t = 0; t < tileCols; t += Lanes)
            {
                var at = m + (ty * tileCols) + t;
                var s00 = Column(at, xiStride, 0, out var s01);
                var s10 = Column(at, xiStride, 1, out var s11);
                var s20 = Column(at, xiStride, 2, out var s21);
                var s30 = Column(at, xiStride, 3, out var s31);
                Vector512.Store(s00 + s10 + s20 + vb, y0);
                Vector512.Store(s01 + s11 + s21 + vb, y0 + Lanes);
                Vector512.Store(s10 - s20 - s30 + vb, y1);
                Vector512.Store(s11 - s21 - s31 + vb, y1 + Lanes);
                var length = Math.Min(Lanes, tileCols - t);
                Interleave(y0, top + (2 * t), length, g.OutW - (2 * t));
                if (hasBottom)
                {
                    Interleave(y1, top + g.OutW + (2 * t), length, g.OutW - (2 * t));
                }
            }
        }
    }

    /// <summary>Row i of the tile's 4x4 M transformed along x: (m_i0 + m_i1 + m_i2, m_i1 - m_i2 - m_i3) for 16 tiles.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector512<float> Column(float* at, long xiStride, int i, out Vector512<float> second)
    {
        var m0 = Vector512.Load(at + (((4 * i) + 0) * xiStride));
        var m1 = Vector512.Load(at + (((4 * i) + 1) * xiStride));
        var m2 = Vector512.Load(at + (((4 * i) + 2) * xiStride));
        var m3 = Vector512.Load(at + (((4 * i) + 3) * xiStride));
        second = m1 - m2 - m3;
        return m0 + m1 + m2;
    }

    /// <summary>Writes left[t], right[t] pairs (the two output columns of tile t) for <paramref name="tiles"/> tiles, at most <paramref name="room"/> floats.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Interleave(float* pair, float* target, int tiles, int room)
    {
        if (Avx512F.IsSupported)
        {
            var left = Vector512.Load(pair);
            var right = Vector512.Load(pair + Lanes);
            var low = Vector512.Create(0, 16, 1, 17, 2, 18, 3, 19, 4, 20, 5, 21, 6, 22, 7, 23);
            var high = low + Vector512.Create(8);
            var count = Math.Min(2 * tiles, room);
            if (count >= 2 * Lanes)
            {
                Vector512.Store(Avx512F.PermuteVar16x32x2(left, low, right), target);
                Vector512.Store(Avx512F.PermuteVar16x32x2(left, high, right), target + Lanes);
                return;
            }

            // A short tile row (8 tiles at 16 x 16 outputs) or an odd output width: masked stores, not a scalar loop.
            Avx512F.MaskStore(target, FirstLanes(Math.Min(count, Lanes)), Avx512F.PermuteVar16x32x2(left, low, right));
            if (count > Lanes)
            {
                Avx512F.MaskStore(target + Lanes, FirstLanes(count - Lanes), Avx512F.PermuteVar16x32x2(left, high, right));
            }

            return;
        }

        for (var t = 0; t < tiles; t++)
        {
            target[2 * t] = pair[t];
            if ((2 * t) + 1 < room)
            {
                target[(2 * t) + 1] = pair[Lanes + t];
            }
        }
    }
}
