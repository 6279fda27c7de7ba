using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace RobustGate.Engine.Kernels;

/// <summary>
/// Max pooling with a horizontal stride of 2 (the 3×3/2 padded pool after every ResNet stem), sixteen outputs of
/// a row at a time: each tap's sixteen inputs are the even lanes of 32 consecutive floats. Outputs whose window
/// reaches the left or right padding, and vectors whose loads would leave the plane, take the general per-output
/// loop. Values and indices are the general loop's exactly: the maximum chains
/// <see cref="Vector512.Max{T}(Vector512{T}, Vector512{T})"/> (IEEE 754:2019, as <see cref="MathF.Max(float, float)"/>)
/// from −∞ over the valid taps in row-major order, and the index is the first tap equal to it, or the last NaN tap.
/// At 112 × 112 (resnet18's stem, batch 32) the general loop took 167 ms on one thread.
/// </summary>
internal static unsafe class PoolingMaxStride2
{
    /// <summary>Taps a window may have: their values stay in registers between the two passes.</summary>
    public const int MaxTaps = 16;

    private const int Lanes = 16;

    public static bool Applies(PoolingGeometry g) =>
        Avx512F.IsSupported && g.StrideW == 2 && g.DilationH == 1 && g.DilationW == 1
        && g.KernelH * g.KernelW <= MaxTaps && g.OutW >= Lanes;

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    [SkipLocalsInit] // the tap registers' spill slots are written before they are read; zeroing them cost a memset per plane
    public static void ForwardPlane(PoolingGeometry g, (int First, int End)[] rows, (int First, int End)[] cols, float* input, float* output, int* indices)
    {
        int oh = g.OutH, ow = g.OutW, inW = g.InW, kW = g.KernelW, pW = g.PadW, planeIn = g.InH * inW;

        // Outputs [xa, xb) have every column tap inside the row: 2x - pW >= 0 and 2x - pW + kW - 1 <= inW - 1.
        var xa = (pW + 1) / 2;
        var xb = Math.Min(ow, ((inW - kW + pW) / 2) + 1);
        var taps = stackalloc Vector512<float>[MaxTaps];
        for (var y = 0; y < oh; y++)
        {
            var y0 = (y * g.StrideH) - g.PadH;
            var (r0, r1) = rows[y];

            // The last valid row's loads reach 2x - pW + kW + 30 floats past its start: stay inside the plane.
            var lastRowStart = (y0 + r1 - 1) * inW;
            var x = 0;
            if (xb - xa >= Lanes)
            {
                PoolingMax.ForwardOutputs(g, rows, cols, input, output, indices, y, 0, xa);
                for (x = xa; x < xb; x += Lanes)
                {
                    var at = Math.Min(x, xb - Lanes); // the last vector overlaps its neighbour: the same values again
                    if (lastRowStart + (2 * at) - pW + kW + 30 >= planeIn)
                    {
                        break;
                    }

                    Sixteen(input, inW, y0, r0, r1, kW, (2 * at) - pW, output + (y * ow) + at, indices + (y * ow) + at, taps);
                }

                x = Math.Min(x, xb);
            }

            PoolingMax.ForwardOutputs(g, rows, cols, input, output, indices, y, x, ow);
        }
    }

    /// <summary>Sixteen outputs whose windows start at column <paramref name="column"/> (+2 per lane) and rows y0 + r0 .. y0 + r1 - 1.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Sixteen(float* input, int inW, int y0, int r0, int r1, int kW, int column, float* output, int* indices, Vector512<float>* taps)
    {
        var even = Vector512.Create(0, 2, 4, 6, 8, 10, 12, 14, 16, 18, 20, 22, 24, 26, 28, 30);
        var best = Vector512.Create(float.NegativeInfinity);
        var count = 0;
        for (var r = r0; r < r1; r++)
        {
            var row = input + ((y0 + r) * inW) + column;
            for (var s = 0; s < kW; s++)
            {
                var value = Avx512F.PermuteVar16x32x2(Vector512.Load(row + s), even, Vector512.Load(row + s + Lanes));
                taps[count++] = value;
                best = Vector512.Max(best, value);
            }
        }

        // First tap equal to the maximum: assign from the last tap back to the first.
        var index = Vector512<int>.Zero;
        var t = count;
        for (var r = r1 - 1; r >= r0; r--)
        {
            for (var s = kW - 1; s >= 0; s--)
            {
                var tapIndex = Vector512.Create(((y0 + r) * inW) + column + s) + (Vector512<int>.Indices * 2);
                index = Vector512.ConditionalSelect(Vector512.Equals(taps[--t], best).AsInt32(), tapIndex, index);
            }
        }

        var nanBest = ~Vector512.Equals(best, best).AsInt32();
        if (nanBest != Vector512<int>.Zero)
        {
            // Last NaN tap: assign from the first tap forward.
            var nanIndex = index;
            t = 0;
            for (var r = r0; r < r1; r++)
            {
                for (var s = 0; s < kW; s++)
                {
                    var value = taps[t++];
                    var tapIndex = Vector512.Create(((y0 + r) * inW) + column + s) + (Vector512<int>.Indices * 2);
                    nanIndex = Vector512.ConditionalSelect(~Vector512.Equals(value, value).AsInt32(), tapIndex, nanIndex);
                }
            }

            index = Vector512.ConditionalSelect(nanBest, nanIndex, index);
        }

        best.Store(output);
        index.Store(indices);
    }
}
