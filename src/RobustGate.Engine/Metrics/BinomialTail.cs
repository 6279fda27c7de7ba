namespace RobustGate.Engine.Metrics;

/// <summary>
/// Exact tails of the Binomial(n, 1/2) distribution, the null distribution of the discordant
/// pairs in McNemar's and the sign test. Evaluated in log space so that n in the millions
/// (pooled ImageNet-C settings) neither overflows nor loses the small p-values a gate needs.
/// </summary>
public static class BinomialTail
{
    private static readonly double Log2 = Math.Log(2.0);

    /// <summary>P(X &gt;= k) for X ~ Binomial(n, 1/2).</summary>
    public static double UpperHalf(int k, int n)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(n);
        if (k <= 0)
        {
            return 1.0;
        }

        if (k > n)
        {
            return 0.0;
        }

        if (n <= ExactLimit)
        {
            return ExactUpper(k, n);
        }

        // Sum the tail on the side of k away from the mode, where terms shrink monotonically,
        // starting from its largest term so the series can stop once terms no longer matter.
        if (2 * k > n)
        {
            return TailFrom(k, n, upward: true);
        }

        return Math.Max(0.0, 1.0 - TailFrom(k - 1, n, upward: false));
    }

    /// <summary>ln(n!) exactly summed for small n, Stirling's series beyond (error below 1e-15 there).</summary>
    public static double LogFactorial(int n)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(n);
        if (n < 256)
        {
            var sum = 0.0;
            for (var i = 2; i <= n; i++)
            {
                sum += Math.Log(i);
            }

            return sum;
        }

        double x = n;
        var inv = 1.0 / x;
        var inv2 = inv * inv;
        return x * Math.Log(x) - x + 0.5 * Math.Log(2.0 * Math.PI * x)
            + inv * (1.0 / 12.0 - inv2 * (1.0 / 360.0 - inv2 * (1.0 / 1260.0 - inv2 / 1680.0)));
    }

    /// <summary>Up to this n the tail is summed in exact integers and rounded once (2^n must stay below double's range).</summary>
    private const int ExactLimit = 1000;

    private static double ExactUpper(int k, int n)
    {
        var coefficient = System.Numerics.BigInteger.One;
        var sum = System.Numerics.BigInteger.Zero;
        // C(n, i) for i = 0..n built incrementally; only the tail i >= k is summed.
        for (var i = 0; i <= n; i++)
        {
            if (i >= k)
            {
                sum += coefficient;
            }

            coefficient = coefficient * (n - i) / (i + 1);
        }

        return Math.ScaleB((double)sum, -n);
    }

    private static double TailFrom(int start, int n, bool upward)
    {
        var logFirst = LogFactorial(n) - LogFactorial(start) - LogFactorial(n - start) - n * Log2;
        var sum = 1.0;
        var term = 1.0;
        var k = start;
        while (upward ? k < n : k > 0)
        {
            // Ratio of consecutive binomial coefficients C(n, k+1)/C(n, k) = (n-k)/(k+1).
            term *= upward ? (double)(n - k) / (k + 1) : (double)k / (n - k + 1);
            k += upward ? 1 : -1;
            sum += term;
            if (term < sum * 1e-17)
            {
                break;
            }
        }

        return Math.Min(1.0, Math.Exp(logFirst) * sum);
    }
}
