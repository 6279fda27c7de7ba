using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace RobustGate.Engine.Imaging.Filters;

/// <summary>
/// scipy.ndimage.zoom(image, (zy, zx, 1), order=1) (scipy 1.10 defaults: mode 'constant', cval 0,
/// grid_mode False) on an interleaved H×W×C image: output length round(n·z) per axis (half to
/// even), output sample o reads input coordinate o·(n−1)/(m−1) (corner-aligned), linear
/// interpolation with scipy's weights (1−t, 1−(1−t)) and its accumulation order, in double.
/// Like scipy, a coordinate that rounding pushes past n−1 (e.g. 14.000000000000002 for n = 15)
/// is outside the image and yields 0 — that artefact is in the reference outputs too.
/// </summary>
public static class ScipyZoom
{
    /// <summary>Output length of one axis: Python's round(n·factor).</summary>
    public static int OutputLength(int inputLength, double factor)
    {
        if (!(factor > 0) || double.IsInfinity(factor))
        {
            throw new ArgumentOutOfRangeException(nameof(factor), factor, "Zoom factor must be positive and finite.");
        }

        return checked((int)Math.Round(inputLength * factor, MidpointRounding.ToEven));
    }

    /// <summary>
    /// Zooms the <paramref name="height"/>×<paramref name="width"/> window at (<paramref name="top"/>,
    /// <paramref name="left"/>) of a source whose rows are <paramref name="sourceWidth"/> pixels wide,
    /// to <paramref name="zoomedHeight"/>×<paramref name="zoomedWidth"/>, and writes only the top-left
    /// <paramref name="outputHeight"/>×<paramref name="outputWidth"/> of the result (row length
    /// outputWidth). The window form avoids copying the crop that clipped zoom takes first.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void Zoom(
        ReadOnlySpan<double> source,
        int sourceWidth,
        int channels,
        int top,
        int left,
        int height,
        int width,
        int zoomedHeight,
        int zoomedWidth,
        Span<double> output,
        int outputHeight,
        int outputWidth)
    {
        var plan = Plan(source.Length, sourceWidth, channels, top, left, height, width, zoomedHeight, zoomedWidth, output.Length, outputHeight, outputWidth);
        for (var y = 0; y < outputHeight; y++)
        {
            var rowOut = output.Slice(y * outputWidth * channels, outputWidth * channels);
            if (plan.RowOutside[y])
            {
                rowOut.Clear();
                continue;
            }

            var r0 = source[((top + plan.Row0[y]) * sourceWidth * channels)..];
            var r1 = source[((top + plan.Row1[y]) * sourceWidth * channels)..];
            double wy0 = plan.RowWeight0[y], wy1 = plan.RowWeight1[y];
            for (var x = 0; x < outputWidth; x++)
            {
                var o = x * channels;
                if (plan.ColumnOutside[x])
                {
                    rowOut.Slice(o, channels).Clear();
                    continue;
                }

                int a = (left + plan.Column0[x]) * channels, b = (left + plan.Column1[x]) * channels;
                double wx0 = plan.ColumnWeight0[x], wx1 = plan.ColumnWeight1[x];
                for (var c = 0; c < channels; c++)
                {
                    rowOut[o + c] = (r0[a + c] * wy0 * wx0) + (r0[b + c] * wy0 * wx1) + (r1[a + c] * wy1 * wx0) + (r1[b + c] * wy1 * wx1);
                }
            }
        }
    }

    /// <summary>The float32 form (zoom_blur's float32 image): arithmetic in double, each output rounded to float32.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static unsafe void Zoom(
        ReadOnlySpan<float> source,
        int sourceWidth,
        int channels,
        int top,
        int left,
        int height,
        int width,
        int zoomedHeight,
        int zoomedWidth,
        Span<float> output,
        int outputHeight,
        int outputWidth)
    {
        var plan = Plan(source.Length, sourceWidth, channels, top, left, height, width, zoomedHeight, zoomedWidth, output.Length, outputHeight, outputWidth);
        var windowLength = width * channels;

        // Per output sample (pixel × channel): the two source samples (offsets in the window row)
        // and their column weights; a column outside the image reads sample 0 with weights 0,
        // giving scipy's 0.
        var rowLength = outputWidth * channels;
        var indices = ScratchBuffer.Ints(3, 2 * rowLength);
        var weights = ScratchBuffer.Doubles(6, 2 * rowLength);
        for (var x = 0; x < outputWidth; x++)
        {
            for (var c = 0; c < channels; c++)
            {
                var e = (x * channels) + c;
                var outside = plan.ColumnOutside[x];
                indices[e] = outside ? 0 : (plan.Column0[x] * channels) + c;
                indices[rowLength + e] = outside ? 0 : (plan.Column1[x] * channels) + c;
                weights[e] = outside ? 0 : plan.ColumnWeight0[x];
                weights[rowLength + e] = outside ? 0 : plan.ColumnWeight1[x];
            }
        }

        // Zoom factors are near 1, so the 16 taps of 8 consecutive outputs lie within 16
        // consecutive window samples: one load and one in-register permute per source row replace
        // four gathers. Blocks where that does not hold (the right edge) take the scalar path.
        var blocks = Avx512F.IsSupported ? rowLength / 8 : 0;
        var blockStart = ScratchBuffer.Ints(6, Math.Max(blocks, 1));
        var blockLanes = ScratchBuffer.Ints(7, Math.Max(16 * blocks, 1));
        var permutable = 0;
        for (; permutable < blocks; permutable++)
        {
            if (!PlanBlock(indices, rowLength, permutable * 8, windowLength, blockStart, blockLanes))
            {
                break;
            }
        }

        // Per output row, both source rows are scaled by their row weight once (scipy multiplies
        // the sample by the row weight first, then by the column weight, so this is the same
        // rounding), and the column loop only gathers and blends.
        var scaled = ScratchBuffer.Doubles(5, 2 * windowLength);

        fixed (float* src = source)
        fixed (float* dst = output)
        fixed (double* p0 = scaled)
        fixed (int* indexA = indices)
        fixed (double* elementWeight0 = weights)
        fixed (int* starts = blockStart)
        fixed (int* lanes = blockLanes)
        {
            var indexB = indexA + rowLength;
            var elementWeight1 = elementWeight0 + rowLength;
            var p1 = p0 + windowLength;
            for (var y = 0; y < outputHeight; y++)
            {
                var rowOut = dst + ((long)y * rowLength);
                if (plan.RowOutside[y])
                {
                    new Span<float>(rowOut, rowLength).Clear();
                    continue;
                }

                var r0 = src + ((long)(top + plan.Row0[y]) * sourceWidth * channels) + (left * channels);
                var r1 = src + ((long)(top + plan.Row1[y]) * sourceWidth * channels) + (left * channels);
                double wy0 = plan.RowWeight0[y], wy1 = plan.RowWeight1[y];
                var k = 0;
                if (permutable > 0)
                {
                    k = PermutedBlocks(r0, r1, wy0, wy1, starts, lanes, elementWeight0, elementWeight1, permutable, rowOut);
                }

                if (k > 0)
                {
                    // The few outputs past the permutable blocks, straight from the source rows.
                    for (; k < rowLength; k++)
                    {
                        int a = indexA[k], b = indexB[k];
                        double wx0 = elementWeight0[k], wx1 = elementWeight1[k];
                        double a0 = r0[a] * wy0, b0 = r0[b] * wy0, a1 = r1[a] * wy1, b1 = r1[b] * wy1;
                        rowOut[k] = (float)((a0 * wx0) + (b0 * wx1) + (a1 * wx0) + (b1 * wx1));
                    }

                    continue;
                }

                for (var i = 0; i < windowLength; i++)
                {
                    p0[i] = r0[i] * wy0;
                    p1[i] = r1[i] * wy1;
                }

                if (Avx2.IsSupported)
                {
                    for (; k <= rowLength - 4; k += 4)
                    {
                        var ia = Vector128.Load(indexA + k);
                        var ib = Vector128.Load(indexB + k);
                        var w0 = Vector256.Load(elementWeight0 + k);
                        var w1 = Vector256.Load(elementWeight1 + k);
                        var sum = (Avx2.GatherVector256(p0, ia, 8) * w0) + (Avx2.GatherVector256(p0, ib, 8) * w1);
                        sum += Avx2.GatherVector256(p1, ia, 8) * w0;
                        sum += Avx2.GatherVector256(p1, ib, 8) * w1;
                        Avx.ConvertToVector128Single(sum).Store(rowOut + k);
                    }
                }

                for (; k < rowLength; k++)
                {
                    int a = indexA[k], b = indexB[k];
                    double wx0 = elementWeight0[k], wx1 = elementWeight1[k];
                    rowOut[k] = (float)((p0[a] * wx0) + (p0[b] * wx1) + (p1[a] * wx0) + (p1[b] * wx1));
                }
            }
        }
    }

    /// <summary>
    /// The first <paramref name="blocks"/> blocks of 8 outputs of one row: lanes 0..7 of the
    /// permute pick the first taps, lanes 8..15 the second, from 16 samples loaded at the block's
    /// start. The float → double widening is exact and the products and sums are scipy's, in its
    /// order, so every output is bit-identical to the gather path. Returns the outputs written.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static unsafe int PermutedBlocks(float* r0, float* r1, double wy0, double wy1, int* starts, int* lanes, double* weight0, double* weight1, int blocks, float* rowOut)
    {
        var rowWeight0 = Vector512.Create(wy0);
        var rowWeight1 = Vector512.Create(wy1);
        for (var block = 0; block < blocks; block++)
        {
            var k = block * 8;
            var start = starts[block];
            var control = Vector512.Load(lanes + (block * 16));
            var taps0 = Avx512F.PermuteVar16x32(Vector512.Load(r0 + start), control);
            var taps1 = Avx512F.PermuteVar16x32(Vector512.Load(r1 + start), control);
            var w0 = Vector512.Load(weight0 + k);
            var w1 = Vector512.Load(weight1 + k);
            var a0 = Avx512F.ConvertToVector512Double(taps0.GetLower()) * rowWeight0;
            var b0 = Avx512F.ConvertToVector512Double(taps0.GetUpper()) * rowWeight0;
            var a1 = Avx512F.ConvertToVector512Double(taps1.GetLower()) * rowWeight1;
            var b1 = Avx512F.ConvertToVector512Double(taps1.GetUpper()) * rowWeight1;
            var sum = (a0 * w0) + (b0 * w1);
            sum += a1 * w0;
            sum += b1 * w1;
            Avx512F.ConvertToVector256Single(sum).Store(rowOut + k);
        }

        return blocks * 8;
    }

    /// <summary>
    /// Plans the block of 8 outputs at <paramref name="k"/>: its load start and the 16 permute
    /// lanes (first taps, then second taps, relative to the start). False when the taps span 16
    /// samples or more, or the 16-sample load would pass the window row's end.
    /// </summary>
    private static bool PlanBlock(int[] indices, int rowLength, int k, int windowLength, int[] blockStart, int[] blockLanes)
    {
        var start = int.MaxValue;
        for (var lane = 0; lane < 8; lane++)
        {
            start = Math.Min(start, Math.Min(indices[k + lane], indices[rowLength + k + lane]));
        }

        if (start + 16 > windowLength)
        {
            return false;
        }

        var block = k / 8;
        for (var lane = 0; lane < 8; lane++)
        {
            int first = indices[k + lane] - start, second = indices[rowLength + k + lane] - start;
            if (first >= 16 || second >= 16)
            {
                return false;
            }

            blockLanes[(block * 16) + lane] = first;
            blockLanes[(block * 16) + 8 + lane] = second;
        }

        blockStart[block] = start;
        return true;
    }

    private static ZoomPlan Plan(
        int sourceLength,
        int sourceWidth,
        int channels,
        int top,
        int left,
        int height,
        int width,
        int zoomedHeight,
        int zoomedWidth,
        int outputLength,
        int outputHeight,
        int outputWidth)
    {
        if (channels < 1 || height < 1 || width < 1 || top < 0 || left < 0 || left + width > sourceWidth || (long)(top + height) * sourceWidth * channels > sourceLength)
        {
            throw new ArgumentException($"Window {height}x{width} at ({top},{left}) does not fit a source of {sourceLength} samples, {sourceWidth} pixels wide, {channels} channels.");
        }

        if (outputHeight < 0 || outputWidth < 0 || outputHeight > zoomedHeight || outputWidth > zoomedWidth || outputLength != outputHeight * outputWidth * channels)
        {
            throw new ArgumentException($"Output {outputHeight}x{outputWidth} (buffer {outputLength}) must be the top-left part of the {zoomedHeight}x{zoomedWidth} zoom.");
        }

        var plan = new ZoomPlan(outputHeight, outputWidth);
        Axis(height, zoomedHeight, outputHeight, plan.Row0, plan.Row1, plan.RowWeight0, plan.RowWeight1, plan.RowOutside);
        Axis(width, zoomedWidth, outputWidth, plan.Column0, plan.Column1, plan.ColumnWeight0, plan.ColumnWeight1, plan.ColumnOutside);
        return plan;
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void Axis(int inputLength, int zoomedLength, int count, int[] first, int[] second, double[] weight0, double[] weight1, bool[] outside)
    {
        // numpy.divide(n - 1, m - 1, where=m - 1 != 0) with ones elsewhere.
        var step = zoomedLength - 1 != 0 ? (double)(inputLength - 1) / (zoomedLength - 1) : 1.0;
        for (var k = 0; k < count; k++)
        {
            var cc = k * step;
            if (cc < 0 || cc > inputLength - 1)
            {
                outside[k] = true;
                continue;
            }

            var start = (int)Math.Floor(cc);
            var t = cc - start;
            weight0[k] = 1.0 - t;
            weight1[k] = 1.0 - weight0[k];
            first[k] = start;

            // The tap past the last sample has weight exactly 0 there; any in-range sample will do.
            second[k] = Math.Min(start + 1, inputLength - 1);
        }
    }

    private sealed class ZoomPlan(int rows, int columns)
    {
        public int[] Row0 { get; } = new int[rows];

        public int[] Row1 { get; } = new int[rows];

        public double[] RowWeight0 { get; } = new double[rows];

        public double[] RowWeight1 { get; } = new double[rows];

        public bool[] RowOutside { get; } = new bool[rows];

        public int[] Column0 { get; } = new int[columns];

        public int[] Column1 { get; } = new int[columns];

        public double[] ColumnWeight0 { get; } = new double[columns];

        public double[] ColumnWeight1 { get; } = new double[columns];

        public bool[] ColumnOutside { get; } = new bool[columns];
    }
}
