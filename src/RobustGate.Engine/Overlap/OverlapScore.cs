namespace RobustGate.Engine.Overlap;

/// <summary>
/// The corruption overlapping score of Laugros, Caplier and Ospici (spec corruptions.md §9.3).
/// The robustness of model m to corruption c is R_m(c) = acc_m(c) / acc_m(clean); with m_0 trained
/// on clean data and m_c trained with c as augmentation,
/// O(c1, c2) = max(0, ½·[(R_{m_c1}(c2) − R_{m_0}(c2)) / (R_{m_c2}(c2) − R_{m_0}(c2))
///                    + (R_{m_c2}(c1) − R_{m_0}(c1)) / (R_{m_c1}(c1) − R_{m_0}(c1))]):
/// the share of the gain that training on a corruption brings on itself which training on the other
/// one already brings, averaged over both directions. 0 = independent, 1 = fully overlapping.
/// </summary>
/// <remarks>
/// Undefined scores are NaN (written as null in overlap.json, "n/a" in the HTML page), never a
/// guessed number: a robustness with zero clean accuracy, and a pair where training on c1 or c2
/// brought no robustness gain on that corruption itself (a denominator ≤ 0). The spec only rules out
/// a zero denominator; a negative one (training on c made the model less robust to c) would flip the
/// sign of its term and read as overlap where there is none, so it is undefined too. A small positive
/// gain keeps the formula's value, which can then be far above 1 (the spec clips only below 0):
/// <see cref="OverlapMatrix.DiagonalGains"/> sits next to the matrix in every output so such rows can be judged.
/// </remarks>
public static class OverlapScore
{
    /// <summary>Decimals of the published matrix.</summary>
    public const int Decimals = 2;

    /// <summary>R = acc(corrupted) / acc(clean); NaN when the clean accuracy is 0.</summary>
    public static double Robustness(double corruptedAccuracy, double cleanAccuracy) =>
        cleanAccuracy == 0 ? double.NaN : corruptedAccuracy / cleanAccuracy;

    /// <summary>
    /// O(a, b) for corruptions a and b, given <paramref name="standard"/>[j] = R_{m_0}(c_j) and
    /// <paramref name="trained"/>[i, j] = R_{m_ci}(c_j). Symmetric in a and b bit for bit (the two
    /// terms swap and IEEE addition commutes); O(a, a) is 1 whenever the gain on a is defined.
    /// </summary>
    public static double Pair(IReadOnlyList<double> standard, double[,] trained, int a, int b)
    {
        Check(standard, trained);
        var n = standard.Count;
        ArgumentOutOfRangeException.ThrowIfNegative(a);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(a, n);
        ArgumentOutOfRangeException.ThrowIfNegative(b);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(b, n);
        var gainOnA = trained[a, a] - standard[a];
        var gainOnB = trained[b, b] - standard[b];
        // !(x > 0) is also true for NaN.
        if (!(gainOnA > 0) || !(gainOnB > 0))
        {
            return double.NaN;
        }

        var aOnB = (trained[a, b] - standard[b]) / gainOnB;
        var bOnA = (trained[b, a] - standard[a]) / gainOnA;
        var mean = 0.5 * (aOnB + bOnA);
        return double.IsNaN(mean) ? double.NaN : Math.Max(0, mean);
    }

    /// <summary>Every O(c_i, c_j), full precision (round with <see cref="Round"/> for output).</summary>
    public static double[,] Matrix(IReadOnlyList<double> standard, double[,] trained)
    {
        Check(standard, trained);
        var n = standard.Count;
        var overlap = new double[n, n];
        for (var i = 0; i < n; i++)
        {
            for (var j = 0; j < n; j++)
            {
                overlap[i, j] = Pair(standard, trained, i, j);
            }
        }

        return overlap;
    }

    /// <summary>Two decimals, half away from zero (0.125 → 0.13); NaN stays NaN.</summary>
    public static double Round(double value) =>
        double.IsNaN(value) ? double.NaN : Math.Round(value, Decimals, MidpointRounding.AwayFromZero);

    private static void Check(IReadOnlyList<double> standard, double[,] trained)
    {
        ArgumentNullException.ThrowIfNull(standard);
        ArgumentNullException.ThrowIfNull(trained);
        if (trained.GetLength(0) != standard.Count || trained.GetLength(1) != standard.Count)
        {
            throw new ArgumentException($"trained is {trained.GetLength(0)}x{trained.GetLength(1)}, expected {standard.Count}x{standard.Count} (one row per trained model, one column per corruption)", nameof(trained));
        }
    }
}
