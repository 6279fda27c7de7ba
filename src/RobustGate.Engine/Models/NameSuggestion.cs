namespace RobustGate.Engine.Models;

/// <summary>Finds the closest known names to a mistyped one, for "did you mean ...?" messages.</summary>
internal static class NameSuggestion
{
    /// <summary>
    /// Known names within an edit distance of max(2, a third of the typed name's length),
    /// closest first (ties in the order given); names that contain the typed text count as close.
    /// </summary>
    public static IReadOnlyList<string> Closest(string typed, IEnumerable<string> known)
    {
        ArgumentNullException.ThrowIfNull(typed);
        ArgumentNullException.ThrowIfNull(known);
        var lowered = typed.ToLowerInvariant();
        var limit = Math.Max(2, lowered.Length / 3);
        var scored = new List<(string Name, int Distance)>();
        foreach (var name in known)
        {
            var candidate = name.ToLowerInvariant();
            var distance = Levenshtein(lowered, candidate);
            if (lowered.Length >= 3 && candidate.Contains(lowered, StringComparison.Ordinal))
            {
                distance = Math.Min(distance, 1);
            }

            if (distance <= limit)
            {
                scored.Add((name, distance));
            }
        }

        return [.. scored.OrderBy(s => s.Distance).Select(s => s.Name)];
    }

    public static int Levenshtein(string a, string b)
    {
        ArgumentNullException.ThrowIfNull(a);
        ArgumentNullException.ThrowIfNull(b);
        var previous = new int[b.Length + 1];
        var current = new int[b.Length + 1];
        for (var j = 0; j <= b.Length; j++)
        {
            previous[j] = j;
        }

        for (var i = 1; i <= a.Length; i++)
        {
            current[0] = i;
            for (var j = 1; j <= b.Length; j++)
            {
                var substitution = previous[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1);
                current[j] = Math.Min(substitution, Math.Min(previous[j] + 1, current[j - 1] + 1));
            }

            (previous, current) = (current, previous);
        }

        return previous[b.Length];
    }
}
