using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;

namespace RobustGate.Engine.Imaging.Filters;

/// <summary>
/// The inner loop of scipy's correlate1d for a symmetric kernel of radius r, vectorised across
/// independent output samples: out = in[0]·w[0] + Σ_{j=r..1} (in[−j] + in[+j])·w[j], the pairs
/// added from the outermost inwards, each product rounded before the addition (no FMA) — the
/// operation order of NI_Correlate1D, so results agree to the last bit.
/// </summary>
internal static unsafe class SymmetricCorrelation
{
    /// <summary>
    /// Computes <paramref name="count"/> outputs. Tap t (0..2r) of output k reads taps[t][k]; for a
    /// vertical pass the taps are row pointers, for a horizontal pass they are one extended row
    /// offset by t·channels.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void Run(double* destination, double** taps, double* halfKernel, int radius, int count)
    {
        var k = 0;
        var centre = taps[radius];
        var w0 = halfKernel[0];
        if (Vector512.IsHardwareAccelerated)
        {
            var vw0 = Vector512.Create(w0);
            for (; k <= count - Vector512<double>.Count; k += Vector512<double>.Count)
            {
                var acc = Vector512.Load(centre + k) * vw0;
                for (var j = radius; j >= 1; j--)
                {
                    var pair = Vector512.Load(taps[radius - j] + k) + Vector512.Load(taps[radius + j] + k);
                    acc += pair * Vector512.Create(halfKernel[j]);
                }

                acc.Store(destination + k);
            }
        }
        else if (Vector256.IsHardwareAccelerated)
        {
            var vw0 = Vector256.Create(w0);
            for (; k <= count - Vector256<double>.Count; k += Vector256<double>.Count)
            {
                var acc = Vector256.Load(centre + k) * vw0;
                for (var j = radius; j >= 1; j--)
                {
                    var pair = Vector256.Load(taps[radius - j] + k) + Vector256.Load(taps[radius + j] + k);
                    acc += pair * Vector256.Create(halfKernel[j]);
                }

                acc.Store(destination + k);
            }
        }

        for (; k < count; k++)
        {
            destination[k] = Scalar(taps, halfKernel, radius, k);
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static double Scalar(double** taps, double* halfKernel, int radius, int k)
    {
        var acc = taps[radius][k] * halfKernel[0];
        for (var j = radius; j >= 1; j--)
        {
            acc += (taps[radius - j][k] + taps[radius + j][k]) * halfKernel[j];
        }

        return acc;
    }
}
