namespace RobustGate.Engine.Metrics;

/// <summary>
/// A baseline network's errors on one corruption: per severity where known, and the mean over
/// severities 1..5 (which is all some published baselines give).
/// </summary>
public sealed record BaselineCorruption(string Name, IReadOnlyDictionary<int, double> SeverityErrors, double? MeanError)
{
    /// <summary>
    /// Sum of baseline errors over <paramref name="severities"/>: from per-severity errors when all
    /// are known, else 5 x mean when the severities are exactly 1..5; null when undefined.
    /// </summary>
    public double? ErrorSum(IReadOnlyList<int> severities)
    {
        ArgumentNullException.ThrowIfNull(severities);
        if (severities.Count == 0)
        {
            return null;
        }

        if (severities.All(SeverityErrors.ContainsKey))
        {
            var sum = 0.0;
            foreach (var s in severities)
            {
                sum += SeverityErrors[s];
            }

            return sum;
        }

        var isFullRange = severities.Count == 5 && severities.Order().SequenceEqual([1, 2, 3, 4, 5]);
        return isFullRange && MeanError is double mean ? 5.0 * mean : null;
    }
}
