namespace RobustGate.Engine.Tests.Filters;

internal static class Compare
{
    /// <summary>Asserts |actual − expected| ≤ absolute + relative·|expected| element by element.</summary>
    public static void Close(ReadOnlySpan<double> expected, ReadOnlySpan<double> actual, double absolute, double relative, string what)
    {
        Assert.Equal(expected.Length, actual.Length);
        var worst = 0.0;
        var worstIndex = -1;
        for (var i = 0; i < expected.Length; i++)
        {
            var excess = Math.Abs(actual[i] - expected[i]) - (absolute + (relative * Math.Abs(expected[i])));
            if (!(excess <= worst))
            {
                worst = double.IsNaN(excess) ? double.PositiveInfinity : excess;
                worstIndex = i;
            }
        }

        Assert.True(worstIndex < 0, worstIndex < 0 ? string.Empty : $"{what}: element {worstIndex} is {actual[worstIndex]:R}, expected {expected[worstIndex]:R}.");
    }

    public static void Close(ReadOnlySpan<float> expected, ReadOnlySpan<float> actual, double absolute, double relative, string what)
    {
        var e = new double[expected.Length];
        var a = new double[actual.Length];
        for (var i = 0; i < e.Length; i++)
        {
            e[i] = expected[i];
        }

        for (var i = 0; i < a.Length; i++)
        {
            a[i] = actual[i];
        }

        Close(e, a, absolute, relative, what);
    }

    public static double[] ToUnit(byte[] pixels) => Array.ConvertAll(pixels, v => v / 255.0);
}
