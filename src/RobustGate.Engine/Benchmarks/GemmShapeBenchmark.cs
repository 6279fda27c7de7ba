using System.Diagnostics;
using RobustGate.Engine.Kernels;

namespace RobustGate.Engine.Benchmarks;

/// <summary>
/// Times a <see cref="GemmShape"/> with its own transposes: the shapes <c>bench --profile</c> records and the
/// catalog's SGEMM workloads (<see cref="WorkloadBenchmark"/>). A shape whose B the caller packs
/// (im2col, Winograd) is timed with B packed once beforehand, as the convolution hands it over.
/// </summary>
public static unsafe class GemmShapeBenchmark
{
    /// <summary>Warm-up of the profile's shapes, seconds: many shapes are timed, each a guide only.</summary>
    public const double ProfileWarmUpSeconds = 0.25;

    /// <summary>Median GFLOP/s over <paramref name="repeats"/> samples of at least 20 ms each, after <see cref="ProfileWarmUpSeconds"/> of warm-up.</summary>
    public static double Run(GemmShape shape, int threads, int repeats)
    {
        if (shape.M < 1 || shape.N < 1 || shape.K < 1)
        {
            return double.NaN;
        }

        var calls = Math.Max(1, (int)Math.Ceiling(20e-3 * 100e9 / shape.Flops));
        var samples = Samples(shape, threads, repeats, calls, ProfileWarmUpSeconds);
        return shape.Flops * calls / GemmBenchmarkData.Median(samples) / 1e9;
    }

    /// <summary>
    /// Seconds of each of <paramref name="repeats"/> samples of <paramref name="calls"/> calls on fixed uniform
    /// operands, after warming up for at least <paramref name="warmUpSeconds"/> (at least one sample's calls).
    /// </summary>
    public static double[] Samples(GemmShape shape, int threads, int repeats, int calls, double warmUpSeconds)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(threads, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(repeats, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(calls, 1);
        var (m, n, k) = (shape.M, shape.N, shape.K);
        ArgumentOutOfRangeException.ThrowIfLessThan(m, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(n, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(k, 1);
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

        var samples = new double[repeats];
        fixed (float* pa = a)
        fixed (float* pb = b)
        fixed (float* pc = c)
        fixed (float* pp = packed)
        {
            var warmUp = Stopwatch.StartNew();
            do
            {
                Calls(shape, calls, pa, lda, pb, ldb, pp, pc, threads);
            }
            while (warmUp.Elapsed.TotalSeconds < warmUpSeconds);

            for (var r = 0; r < repeats; r++)
            {
                var clock = Stopwatch.StartNew();
                Calls(shape, calls, pa, lda, pb, ldb, pp, pc, threads);
                samples[r] = clock.Elapsed.TotalSeconds;
            }
        }

        return samples;
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
