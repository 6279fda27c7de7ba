using System.Diagnostics;
using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace RobustGate.Engine.Benchmarks;

/// <summary>
/// Measures the machine's single-precision FMA throughput: the ceiling against which GEMM efficiency is
/// quoted. Each thread runs independent accumulator chains (more chains than FMA latency x pipes) so the
/// loop is throughput-bound, not latency-bound.
/// </summary>
public static class FmaPeak
{
    private const int Chains = 12;

    /// <summary>
    /// GFLOP/s (an FMA counts as two flops) with <paramref name="threads"/> threads running at once: the best of
    /// <paramref name="rounds"/> rounds of <paramref name="iterationsPerThread"/> / rounds loop iterations each. A
    /// peak is a ceiling, and on a shared machine other processes only ever pull a round below it.
    /// </summary>
    public static double Measure(int threads, long iterationsPerThread = 20_000_000, int rounds = 10)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(threads, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(rounds, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(iterationsPerThread, rounds);
        var lanes = Avx512F.IsSupported ? 16 : 8;
        var perRound = iterationsPerThread / rounds;

        // Warm up (and let the JIT finish optimising) before the timed rounds.
        Loop(Math.Min(perRound, 1_000_000));
        var best = 0.0;
        for (var round = 0; round < rounds; round++)
        {
            var seconds = TimeRound(threads, perRound);
            best = Math.Max(best, 2.0 * Chains * lanes * perRound * threads / seconds / 1e9);
        }

        return best;
    }

    /// <summary>
    /// Seconds from the first worker starting its loop to the last one finishing, each reading the clock
    /// itself: the coordinating thread may be descheduled, so its own view of the round can be far off.
    /// </summary>
    private static double TimeRound(int threads, long iterations)
    {
        using var start = new Barrier(threads);
        var workers = new Thread[threads];
        var begins = new long[threads];
        var ends = new long[threads];
        var sink = new float[threads];
        for (var t = 0; t < threads; t++)
        {
            var index = t;
            workers[t] = new Thread(() =>
            {
                start.SignalAndWait();
                begins[index] = Stopwatch.GetTimestamp();
                sink[index] = Loop(iterations);
                ends[index] = Stopwatch.GetTimestamp();
            });
            workers[t].Start();
        }

        foreach (var worker in workers)
        {
            worker.Join();
        }

        GC.KeepAlive(sink);
        return (double)(ends.Max() - begins.Min()) / Stopwatch.Frequency;
    }

    private static float Loop(long iterations) => Avx512F.IsSupported ? Loop512(iterations) : Loop256(iterations);

    [MethodImpl(MethodImplOptions.AggressiveOptimization | MethodImplOptions.NoInlining)]
    private static float Loop512(long iterations)
    {
        // acc = acc * m + d converges to d / (1 - m): no overflow, no denormals, no dead code.
        var m = Vector512.Create(0.999f);
        var d = Vector512.Create(0.001f);
        Vector512<float> a0 = d, a1 = d, a2 = d, a3 = d, a4 = d, a5 = d, a6 = d, a7 = d, a8 = d, a9 = d, a10 = d, a11 = d;
        for (long i = 0; i < iterations; i++)
        {
            a0 = Avx512F.FusedMultiplyAdd(a0, m, d);
            a1 = Avx512F.FusedMultiplyAdd(a1, m, d);
            a2 = Avx512F.FusedMultiplyAdd(a2, m, d);
            a3 = Avx512F.FusedMultiplyAdd(a3, m, d);
            a4 = Avx512F.FusedMultiplyAdd(a4, m, d);
            a5 = Avx512F.FusedMultiplyAdd(a5, m, d);
            a6 = Avx512F.FusedMultiplyAdd(a6, m, d);
            a7 = Avx512F.FusedMultiplyAdd(a7, m, d);
            a8 = Avx512F.FusedMultiplyAdd(a8, m, d);
            a9 = Avx512F.FusedMultiplyAdd(a9, m, d);
            a10 = Avx512F.FusedMultiplyAdd(a10, m, d);
            a11 = Avx512F.FusedMultiplyAdd(a11, m, d);
        }

        return Vector512.Sum(a0 + a1 + a2 + a3 + a4 + a5 + a6 + a7 + a8 + a9 + a10 + a11);
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization | MethodImplOptions.NoInlining)]
    private static float Loop256(long iterations)
    {
        var m = Vector256.Create(0.999f);
        var d = Vector256.Create(0.001f);
        Vector256<float> a0 = d, a1 = d, a2 = d, a3 = d, a4 = d, a5 = d, a6 = d, a7 = d, a8 = d, a9 = d, a10 = d, a11 = d;
        for (long i = 0; i < iterations; i++)
        {
            a0 = Vector256.FusedMultiplyAdd(a0, m, d);
            a1 = Vector256.FusedMultiplyAdd(a1, m, d);
            a2 = Vector256.FusedMultiplyAdd(a2, m, d);
            a3 = Vector256.FusedMultiplyAdd(a3, m, d);
            a4 = Vector256.FusedMultiplyAdd(a4, m, d);
            a5 = Vector256.FusedMultiplyAdd(a5, m, d);
            a6 = Vector256.FusedMultiplyAdd(a6, m, d);
            a7 = Vector256.FusedMultiplyAdd(a7, m, d);
            a8 = Vector256.FusedMultiplyAdd(a8, m, d);
            a9 = Vector256.FusedMultiplyAdd(a9, m, d);
            a10 = Vector256.FusedMultiplyAdd(a10, m, d);
            a11 = Vector256.FusedMultiplyAdd(a11, m, d);
        }

        return Vector256.Sum(a0 + a1 + a2 + a3 + a4 + a5 + a6 + a7 + a8 + a9 + a10 + a11);
    }
}
