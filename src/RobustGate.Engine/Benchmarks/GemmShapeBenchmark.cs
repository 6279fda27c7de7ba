using System.Diagnostics;
using RobustGate.Engine.Kernels;

namespace RobustGate.Engine.Benchmarks;

/// <summary>
/// Times one recorded <see cref="GemmShape"/> with its own transposes. A shape whose B the caller packs
/// (im2col, Winograd) is timed with B packed once beforehand, as the convolution hands it over.
/// </summary>
public static unsafe class GemmShapeBenchmark
{
    /// <summary>Median GFLOP/s over <paramref name="repeats"/> samples of at least 20 ms each, after at least 0.25 s of warm-up.</summary>
    public static double Run(GemmShape shape, int threads, int repeats)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(threads, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(repeats, 1);
        var (m, n, k) = (shape.M, shape.N, shape.K);
        if (m < 1 || n < 1 || k < 1)
        {
            return double.NaN;
        }

        var a = GemmBenchmarkData.Uniform((long)m * k, 1);
        var b = GemmBenchmarkData.Uniform((long)k * n, 2);
        var c = new float[(long)m * n];
        var lda = shape.TransA == Transpose.No ? k : m;
        var ldb = shape.TransB == Transpose.No ? n : k;
        var nr = GemmBlocking.For(GemmBlocking.BestKind).NR;
        var layout = new PackedPanelLayout(k, n, nr);
        var packed = shape.PrepackedB ? new float[layout.Length] : [];
        if (shape.PrepackedB)
        {
            fixed (float* pb = b)
            fixed (float* pp = packed)
            {
                for (var p0 = 0; p0 < k; p0 += GemmBlocking.KC)
                {
                    var kc = Math.Min(GemmBlocking.KC, k - p0);
                    for (var j0 = 0; j0 < n; j0 += nr)
                    {
                        GemmPacking.PackB(Transpose.No, pb, n, p0, kc, j0, Math.Min(nr, n - j0), nr, pp + layout.Offset(p0, j0));
                    }
                }
            }
        }

        var calls = Math.Max(1, (int)Math.Ceiling(20e-3 * 100e9 / shape.Flops));
        var samples = new double[repeats];
        fixed (float* pa = a)
        fixed (float* pb = b)
        fixed (float* pc = c)
        fixed (float* pp = packed)
        {
            // At least 0.25 s of warm-up (see WorkloadBenchmark.GemmWarmUpSeconds).
            var warmUp = Stopwatch.StartNew();
            do
            {
                Calls(shape, calls, pa, lda, pb, ldb, pp, pc, threads);
            }
            while (warmUp.Elapsed.TotalSeconds < 0.25);

            for (var r = 0; r < repeats; r++)
            {
                var clock = Stopwatch.StartNew();
                Calls(shape, calls, pa, lda, pb, ldb, pp, pc, threads);
                samples[r] = clock.Elapsed.TotalSeconds / calls;
            }
        }

        return shape.Flops / GemmBenchmarkData.Median(samples) / 1e9;
    }

    private static void Calls(GemmShape shape, int calls, float* pa, int lda, float* pb, int ldb, float* pp, float* pc, int threads)
    {
        for (var i = 0; i < calls; i++)
        {
            if (shape.PrepackedB)
            {
                GemmDriver.RunPrepackedB(shape.TransA, shape.M, shape.N, shape.K, 1f, pa, lda, pp, 0f, pc, shape.N, threads);
            }
            else
            {
                GemmDriver.Run(GemmBlocking.BestKind, shape.TransA, shape.TransB, shape.M, shape.N, shape.K, 1f, pa, lda, pb, ldb, 0f, pc, shape.N, threads);
            }
        }
    }
}
