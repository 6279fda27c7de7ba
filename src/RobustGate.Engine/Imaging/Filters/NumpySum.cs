using System.Runtime.CompilerServices;

namespace RobustGate.Engine.Imaging.Filters;

/// <summary>
/// numpy's pairwise summation (pairwise_sum in loops_utils), so normalisations such as
/// <c>phi / phi.sum()</c> round exactly as numpy rounds them.
/// </summary>
internal static class NumpySum
{
    private const int BlockSize = 128;

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static double Pairwise(ReadOnlySpan<double> values)
    {
        var n = values.Length;
        if (n < 8)
        {
            var res = 0.0;
            for (var i = 0; i < n; i++)
            {
                res += values[i];
            }

            return res;
        }

        if (n <= BlockSize)
        {
            Span<double> r = stackalloc double[8];
            values[..8].CopyTo(r);
            var i = 8;
            for (; i < n - (n % 8); i += 8)
            {
                for (var j = 0; j < 8; j++)
                {
                    r[j] += values[i + j];
                }
            }

            var res = ((r[0] + r[1]) + (r[2] + r[3])) + ((r[4] + r[5]) + (r[6] + r[7]));
            for (; i < n; i++)
            {
                res += values[i];
            }

            return res;
        }

        var half = n / 2;
        half -= half % 8;
        return Pairwise(values[..half]) + Pairwise(values[half..]);
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static float Pairwise(ReadOnlySpan<float> values)
    {
        var n = values.Length;
        if (n < 8)
        {
            var res = 0f;
            for (var i = 0; i < n; i++)
            {
                res += values[i];
            }

            return res;
        }

        if (n <= BlockSize)
        {
            Span<float> r = stackalloc float[8];
            values[..8].CopyTo(r);
            var i = 8;
            for (; i < n - (n % 8); i += 8)
            {
                for (var j = 0; j < 8; j++)
                {
                    r[j] += values[i + j];
                }
            }

            var res = ((r[0] + r[1]) + (r[2] + r[3])) + ((r[4] + r[5]) + (r[6] + r[7]));
            for (; i < n; i++)
            {
                res += values[i];
            }

            return res;
        }

        var half = n / 2;
        half -= half % 8;
        return Pairwise(values[..half]) + Pairwise(values[half..]);
    }
}
