using System.Diagnostics;
using RobustGate.Engine.Kernels;

namespace RobustGate.Engine.Benchmarks;

/// <summary>Times <see cref="Gemm.Sgemm"/> on an M x K by K x N product (no transposes, beta = 0).</summary>
public static class GemmBenchmark
{
    /// <summary>Median GFLOP/s over <paramref name="repeats"/> timed runs, after one untimed warm-up run.</summary>
    public static double Run(int m, int n, int k, int threads, int repeats)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(m, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(n, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(k, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(threads, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(repeats, 1);
        var a = GemmBenchmarkData.Uniform((long)m * k, 1);
        var b = GemmBenchmarkData.Uniform((long)k * n, 2);
        var c = new float[(long)m * n];
        var seconds = new double[repeats];
        for (var r = -1; r < repeats; r++)
        {
            var clock = Stopwatch.StartNew();
            Gemm.Sgemm(GemmBlocking.BestKind, threads, Transpose.No, Transpose.No, m, n, k, 1f, a, k, b, n, 0f, c, n);
            if (r >= 0)
            {
                seconds[r] = clock.Elapsed.TotalSeconds;
            }
        }

        return 2.0 * m * n * k / GemmBenchmarkData.Median(seconds) / 1e9;
    }
}
