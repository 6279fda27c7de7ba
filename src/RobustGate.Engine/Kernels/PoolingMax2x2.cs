using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace RobustGate.Engine.Kernels;

/// <summary>
/// The 2×2, stride-2, unpadded max pool that small CNNs use after every block, sixteen outputs
/// at a time. It gives exactly what the general loop in <see cref="PoolingMax"/> gives:
/// <see cref="Vector512.Max{T}(Vector512{T}, Vector512{T})"/> is IEEE 754:2019 maximum like
/// <see cref="MathF.Max(float, float)"/> (NaN propagates, +0 beats −0), and the index is the
/// first tap (row-major) equal to the maximum, or the last NaN tap when the maximum is NaN.
/// </summary>
internal static class PoolingMax2x2
{
    public static bool Applies(PoolingGeometry g) =>
        Avx512F.IsSupported && g.KernelH == 2 && g.KernelW == 2 && g.StrideH == 2 && g.StrideW == 2 && g.PadH == 0 && g.PadW == 0
        && g.DilationH == 1 && g.DilationW == 1 && g.OutH * 2 <= g.InH && g.OutW * 2 <= g.InW;

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static unsafe void ForwardPlane(PoolingGeometry g, float* input, float* output, int* indices)
    {
        int oh = g.OutH, ow = g.OutW, inW = g.InW, planeIn = g.InH * g.InW, planeOut = oh * ow;
        for (var y = 0; y < oh; y++)
        {
            var top = input + (2 * y * inW);
            var topIndex = 2 * y * inW;
            var x = 0;
            if (ow >= 16)
            {
                for (; x + 16 <= ow; x += 16)
                {
                    Sixteen(top + (2 * x), topIndex + (2 * x), inW, output + (y * ow) + x, indices + (y * ow) + x);
                }

                if (x < ow)
                {
                    // The last 16 of the row again, overlapping: the same values, and no scalar tail.
                    x = ow - 16;
                    Sixteen(top + (2 * x), topIndex + (2 * x), inW, output + (y * ow) + x, indices + (y * ow) + x);
                }

                continue;
            }

            // Narrow planes (28 and 14 px inputs): one vector per row, its spare lanes spilling into
            // the next row's outputs, which that row then overwrites. Only while the loads and the
            // stores stay inside this plane: planes belong to different threads.
            if ((y * ow) + 16 <= planeOut && ((2 * y) + 1) * inW + 32 <= planeIn)
            {
                Sixteen(top, topIndex, inW, output + (y * ow), indices + (y * ow));
                continue;
            }

            for (; x < ow; x++)
            {
                var i0 = topIndex + (2 * x);
                float a = input[i0], b = input[i0 + 1], c = input[i0 + inW], d = input[i0 + inW + 1];
                var best = MathF.Max(MathF.Max(MathF.Max(a, b), c), d);
                var bestIndex = float.IsNaN(best)
                    ? (float.IsNaN(d) ? i0 + inW + 1 : float.IsNaN(c) ? i0 + inW : float.IsNaN(b) ? i0 + 1 : i0)
                    : (a == best ? i0 : b == best ? i0 + 1 : c == best ? i0 + inW : i0 + inW + 1);
                output[(y * ow) + x] = best;
                indices[(y * ow) + x] = bestIndex;
            }
        }
    }

    /// <summary>Sixteen outputs of one output row from the 32 inputs at <paramref name="top"/> and the row below; <paramref name="topIndex"/> is top's index within the plane.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static unsafe void Sixteen(float* top, int topIndex, int inW, float* output, int* indices)
    {
        var even = Vector512.Create(0, 2, 4, 6, 8, 10, 12, 14, 16, 18, 20, 22, 24, 26, 28, 30);
        var odd = even + Vector512<int>.One;
        var bottom = top + inW;
        var t0 = Vector512.Load(top);
        var t1 = Vector512.Load(top + 16);
        var b0 = Vector512.Load(bottom);
        var b1 = Vector512.Load(bottom + 16);
        var te = Avx512F.PermuteVar16x32x2(t0, even, t1);
        var to = Avx512F.PermuteVar16x32x2(t0, odd, t1);
        var be = Avx512F.PermuteVar16x32x2(b0, even, b1);
        var bo = Avx512F.PermuteVar16x32x2(b0, odd, b1);
        var best = Vector512.Max(Vector512.Max(Vector512.Max(te, to), be), bo);

        var ite = Vector512.Create(topIndex) + even;
        var ito = ite + Vector512<int>.One;
        var ibe = ite + Vector512.Create(inW);
        var ibo = ibe + Vector512<int>.One;

        // First tap equal to the maximum: assign from the last tap back to the first.
        var index = ibo;
        index = Vector512.ConditionalSelect(Vector512.Equals(be, best).AsInt32(), ibe, index);
        index = Vector512.ConditionalSelect(Vector512.Equals(to, best).AsInt32(), ito, index);
        index = Vector512.ConditionalSelect(Vector512.Equals(te, best).AsInt32(), ite, index);

        var nanBest = ~Vector512.Equals(best, best).AsInt32();
        if (nanBest != Vector512<int>.Zero)
        {
            // Last NaN tap: assign from the first tap forward.
            var nanIndex = ite;
            nanIndex = Vector512.ConditionalSelect(~Vector512.Equals(to, to).AsInt32(), ito, nanIndex);
            nanIndex = Vector512.ConditionalSelect(~Vector512.Equals(be, be).AsInt32(), ibe, nanIndex);
            nanIndex = Vector512.ConditionalSelect(~Vector512.Equals(bo, bo).AsInt32(), ibo, nanIndex);
            index = Vector512.ConditionalSelect(nanBest, nanIndex, index);
        }

        best.Store(output);
        index.Store(indices);
    }
}
