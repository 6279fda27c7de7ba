namespace RobustGate.Engine.Tests.Kernels;

/// <summary>Seeded inputs and comparison helpers for the kernel tests.</summary>
internal static class KernelTestData
{
    public static float[] Uniform(int length, int seed, float scale = 1f)
    {
        var random = new Random(seed);
        var values = new float[length];
        for (var i = 0; i < values.Length; i++)
        {
            values[i] = ((random.NextSingle() * 2f) - 1f) * scale;
        }

        return values;
    }

    public static float MaxAbs(ReadOnlySpan<float> values)
    {
        var max = 0f;
        foreach (var v in values)
        {
            max = Math.Max(max, Math.Abs(v));
        }

        return max;
    }

    /// <summary>Asserts |actual - expected| &lt;= tolerance everywhere, reporting the first offender.</summary>
    public static void AssertClose(ReadOnlySpan<float> expected, ReadOnlySpan<float> actual, double tolerance, string what)
    {
        Assert.Equal(expected.Length, actual.Length);
        for (var i = 0; i < expected.Length; i++)
        {
            var error = Math.Abs((double)expected[i] - actual[i]);
            if (!(error <= tolerance))
            {
                Assert.Fail($"{what}: element {i} is {actual[i]}, expected {expected[i]} (error {error:G3} > tolerance {tolerance:G3}).");
            }
        }
    }

    public static void AssertBitIdentical(ReadOnlySpan<float> expected, ReadOnlySpan<float> actual, string what)
    {
        Assert.Equal(expected.Length, actual.Length);
        for (var i = 0; i < expected.Length; i++)
        {
            if (BitConverter.SingleToInt32Bits(expected[i]) != BitConverter.SingleToInt32Bits(actual[i]))
            {
                Assert.Fail($"{what}: element {i} differs: {actual[i]} vs {expected[i]}.");
            }
        }
    }

    /// <summary>
    /// Pooling input: coarse values in [-2, 2] (so ties are common) with a share of NaN, ±0, ±1 and (with
    /// <paramref name="negativeInfinity"/>) −∞ among them, the cases where a fast pool path could pick another index.
    /// </summary>
    public static float[] PoolingInput(int length, int seed, double specialShare, bool negativeInfinity = false)
    {
        var random = new Random(seed);
        float[] specials = negativeInfinity ? [float.NaN, 0f, -0f, 1f, -1f, float.NegativeInfinity] : [float.NaN, 0f, -0f, 1f, -1f];
        var input = new float[length];
        for (var i = 0; i < input.Length; i++)
        {
            input[i] = random.NextDouble() < specialShare
                ? specials[random.Next(specials.Length)]
                : (float)Math.Round((random.NextDouble() * 4) - 2, 1);
        }

        return input;
    }

    /// <summary>A fast pool's values and indices equal the general loop's: the same bits, any NaN for NaN.</summary>
    public static void AssertSamePooling(float[] expected, int[] expectedIndex, float[] actual, int[] actualIndex, string what)
    {
        for (var o = 0; o < expected.Length; o++)
        {
            Assert.True(
                float.IsNaN(expected[o]) ? float.IsNaN(actual[o]) : BitConverter.SingleToInt32Bits(expected[o]) == BitConverter.SingleToInt32Bits(actual[o]),
                $"{what}: output {o}: {actual[o]}, expected {expected[o]}");
            Assert.True(expectedIndex[o] == actualIndex[o], $"{what}: index {o}: {actualIndex[o]}, expected {expectedIndex[o]}");
        }
    }
}
