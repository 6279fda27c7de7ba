namespace RobustGate.Engine.Metrics;

/// <summary>
/// Wilson score interval for a binomial proportion. Chosen over the normal (Wald) interval
/// because it stays inside [0, 1] and keeps close to nominal coverage at error rates near 0 or 1
/// and at the small sample budgets CI runs use.
/// </summary>
public readonly record struct WilsonInterval(double Lower, double Upper)
{
    /// <summary>The two-sided 95 % normal quantile, Phi^-1(0.975).</summary>
    public const double Z95 = 1.959963984540054;

    /// <summary>Interval for <paramref name="successes"/> out of <paramref name="total"/>; [0, 1] when total is 0.</summary>
    public static WilsonInterval Compute(int successes, int total, double z = Z95)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(total);
        ArgumentOutOfRangeException.ThrowIfNegative(successes);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(successes, total);
        if (total == 0)
        {
            return new WilsonInterval(0.0, 1.0);
        }

        double n = total;
        var p = successes / n;
        var z2 = z * z;
        var denominator = 1.0 + z2 / n;
        var centre = (p + z2 / (2.0 * n)) / denominator;
        var half = z * Math.Sqrt(p * (1.0 - p) / n + z2 / (4.0 * n * n)) / denominator;
        // At p = 0 or 1 the exact bound is 0 or 1; clamp so rounding cannot put it outside.
        var lower = successes == 0 ? 0.0 : Math.Max(0.0, centre - half);
        var upper = successes == total ? 1.0 : Math.Min(1.0, centre + half);
        return new WilsonInterval(lower, upper);
    }
}
