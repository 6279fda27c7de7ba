namespace RobustGate.Engine.Benchmarks;

/// <summary>Inputs and statistics of the GEMM benchmark, shared by the convolution benchmark.</summary>
internal static class GemmBenchmarkData
{
    /// <summary>Deterministic values in [-1, 1) (contents do not affect timing; determinism keeps runs comparable).</summary>
    public static float[] Uniform(long length, int seed)
    {
        var values = new float[length];
        var random = new Random(seed);
        for (long i = 0; i < length; i++)
        {
            values[i] = (random.NextSingle() * 2f) - 1f;
        }

        return values;
    }

    public static double Median(double[] samples)
    {
        var sorted = (double[])samples.Clone();
        Array.Sort(sorted);
        var mid = sorted.Length / 2;
        return sorted.Length % 2 == 1 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
    }
}
