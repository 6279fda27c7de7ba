using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace RobustGate.Engine.Imaging;

/// <summary>
/// libjpeg-turbo's chroma upsampling with fancy upsampling on (its default, and PIL's): the
/// triangular h2v1, h1v2 and h2v2 filters with their rounding biases and edge replication,
/// plain replication for other integer ratios and for components 2 samples wide or less.
/// </summary>
internal static class JpegUpsampler
{
    /// <summary>
    /// Produces output row <paramref name="y"/> (<paramref name="output"/>.Length samples) of a
    /// component plane (stride <paramref name="stride"/>, valid size <paramref name="width"/> x
    /// <paramref name="height"/>) upsampled by integer ratios. <paramref name="scratch"/> holds
    /// at least 2 * width + 2 samples.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void UpsampleRow(ReadOnlySpan<byte> plane, int stride, int width, int height, int ratioH, int ratioV, int y, Span<byte> output, Span<byte> scratch)
    {
        var outWidth = output.Length;
        var fancyH = ratioH == 2 && width > 2;
        if (ratioH == 1 && ratioV == 1)
        {
            plane.Slice(y * stride, outWidth).CopyTo(output);
        }
        else if (ratioH == 2 && ratioV == 1 && fancyH)
        {
            H2V1(plane.Slice(y * stride, width), scratch);
            scratch[..outWidth].CopyTo(output);
        }
        else if (ratioH == 1 && ratioV == 2)
        {
            var (nearRow, farRow, bias) = VerticalNeighbours(height, y);
            var near = plane.Slice(nearRow * stride, outWidth);
            var far = plane.Slice(farRow * stride, outWidth);
            for (var x = 0; x < outWidth; x++)
            {
                output[x] = (byte)(((near[x] * 3) + far[x] + bias) >> 2);
            }
        }
        else if (ratioH == 2 && ratioV == 2 && fancyH)
        {
            var (nearRow, farRow, _) = VerticalNeighbours(height, y);
            H2V2Row(plane.Slice(nearRow * stride, width), plane.Slice(farRow * stride, width), scratch);
            scratch[..outWidth].CopyTo(output);
        }
        else
        {
            var row = plane.Slice(y / ratioV * stride);
            for (var x = 0; x < outWidth; x++)
            {
                output[x] = row[x / ratioH];
            }
        }
    }

    private static (int Near, int Far, int Bias) VerticalNeighbours(int height, int y)
    {
        // Output row 2r takes row r-1 as its further neighbour (bias 1), row 2r+1 takes row r+1
        // (bias 2); the first and last valid rows are replicated beyond the edges.
        var r = y >> 1;
        var upper = (y & 1) == 0;
        var other = upper ? Math.Max(r - 1, 0) : Math.Min(r + 1, height - 1);
        return (r, other, upper ? 1 : 2);
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void H2V1(ReadOnlySpan<byte> input, Span<byte> output)
    {
        var n = input.Length;
        int value = input[0];
        output[0] = (byte)value;
        output[1] = (byte)(((value * 3) + input[1] + 2) >> 2);
        for (var i = 1; i < n - 1; i++)
        {
            value = input[i] * 3;
            output[2 * i] = (byte)((value + input[i - 1] + 1) >> 2);
            output[(2 * i) + 1] = (byte)((value + input[i + 1] + 2) >> 2);
        }

        value = input[n - 1];
        output[(2 * n) - 2] = (byte)(((value * 3) + input[n - 2] + 1) >> 2);
        output[(2 * n) - 1] = (byte)value;
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void H2V2Row(ReadOnlySpan<byte> near, ReadOnlySpan<byte> far, Span<byte> output)
    {
        var n = near.Length;
        if (far.Length < n || output.Length < 2 * n)
        {
            throw new ArgumentException("The far row and the output must cover the near row.", nameof(output));
        }

        // Lengths checked above: the loop runs on raw references, without bounds checks.
        ref var nearRef = ref MemoryMarshal.GetReference(near);
        ref var farRef = ref MemoryMarshal.GetReference(far);
        ref var outRef = ref MemoryMarshal.GetReference(output);
        var thisSum = (nearRef * 3) + farRef;
        var nextSum = (Unsafe.Add(ref nearRef, 1) * 3) + Unsafe.Add(ref farRef, 1);
        outRef = (byte)(((thisSum * 4) + 8) >> 4);
        Unsafe.Add(ref outRef, 1) = (byte)(((thisSum * 3) + nextSum + 7) >> 4);
        var i = H2V2Vector(ref nearRef, ref farRef, ref outRef, n);
        var lastSum = (Unsafe.Add(ref nearRef, i - 1) * 3) + Unsafe.Add(ref farRef, i - 1);
        thisSum = (Unsafe.Add(ref nearRef, i) * 3) + Unsafe.Add(ref farRef, i);
        for (; i < n - 1; i++)
        {
            nextSum = (Unsafe.Add(ref nearRef, i + 1) * 3) + Unsafe.Add(ref farRef, i + 1);
            Unsafe.Add(ref outRef, 2 * i) = (byte)(((thisSum * 3) + lastSum + 8) >> 4);
            Unsafe.Add(ref outRef, (2 * i) + 1) = (byte)(((thisSum * 3) + nextSum + 7) >> 4);
            lastSum = thisSum;
            thisSum = nextSum;
        }

        output[(2 * n) - 2] = (byte)(((thisSum * 3) + lastSum + 8) >> 4);
        output[(2 * n) - 1] = (byte)(((thisSum * 4) + 7) >> 4);
    }

    /// <summary>
    /// The middle outputs of <see cref="H2V2Row"/> 32 at a time, from input 1 on: column sums
    /// 3 * near + far (at most 1020) in 16-bit lanes for inputs i - 1, i and i + 1, then the even
    /// output (3 * this + last + 8) &gt;&gt; 4 and the odd one (3 * this + next + 7) &gt;&gt; 4 packed
    /// into one word each, low byte first. Returns the first input index it did not handle.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static int H2V2Vector(ref byte near, ref byte far, ref byte output, int n)
    {
        var i = 1;
        if (!Avx512BW.IsSupported)
        {
            return i;
        }

        var three = Vector512.Create((short)3);
        var evenBias = Vector512.Create((short)8);
        var oddBias = Vector512.Create((short)7);
        // Reads reach input i + 32, which must be at most n - 1 (the last input is an edge case).
        for (; i + 33 <= n; i += 32)
        {
            var last = ColumnSums(ref near, ref far, i - 1, three);
            var current = ColumnSums(ref near, ref far, i, three) * three;
            var next = ColumnSums(ref near, ref far, i + 1, three);
            var even = Vector512.ShiftRightLogical(current + last + evenBias, 4);
            var odd = Vector512.ShiftRightLogical(current + next + oddBias, 4);
            var pairs = even | Vector512.ShiftLeft(odd, 8);
            pairs.AsByte().StoreUnsafe(ref output, (nuint)(2 * i));
        }

        return i;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector512<short> ColumnSums(ref byte near, ref byte far, int at, Vector512<short> three)
    {
        var n = Avx512BW.ConvertToVector512Int16(Vector256.LoadUnsafe(ref near, (nuint)at));
        var f = Avx512BW.ConvertToVector512Int16(Vector256.LoadUnsafe(ref far, (nuint)at));
        return (n * three) + f;
    }
}
