namespace RobustGate.Engine.Text;

/// <summary>
/// "Did you mean ...?" for mistyped corruption, architecture, dataset and configuration names, as
/// BenchmarkDotNet's console does it: the one place that decides what counts as close.
/// </summary>
public static class NameSuggestions
{
    /// <summary>
    /// Known names within an edit distance of max(2, a third of the typed name's length), closest
    /// first (ties in the order given); a known name that contains the typed text (3+ characters)
    /// counts as distance 1. Case-insensitive.
    /// </summary>
    public static IReadOnlyList<string> Closest(string typed, IEnumerable<string> known, int max = 3)
    {
        ArgumentNullException.ThrowIfNull(typed);
        ArgumentNullException.ThrowIfNull(known);
        var lowered = typed.Trim().ToLowerInvariant();
        var limit = Math.Max(2, lowered.Length / 3);
        var scored = new List<(string Name, int Distance)>();
        foreach (var name in known)
        {
            var candidate = name.ToLowerInvariant();
            var distance = Distance(lowered, candidate);
            if (lowered.Length >= 3 && candidate.Contains(lowered, StringComparison.Ordinal))
            {
                distance = Math.Min(distance, 1);
            }

            if (distance <= limit)
            {
                scored.Add((name, distance));
            }
        }

        return [.. scored.OrderBy(s => s.Distance).Take(max).Select(s => s.Name)];
    }

    /// <summary>The closest known name, or null when none is close.</summary>
    public static string? Best(string typed, IEnumerable<string> known) => Closest(typed, known, 1).FirstOrDefault();

    /// <summary>" Did you mean 'a' or 'b'?" (with a leading space), or an empty string when nothing is close.</summary>
    public static string Hint(string typed, IEnumerable<string> known)
    {
        var closest = Closest(typed, known);
        return closest.Count == 0 ? string.Empty : $" Did you mean {string.Join(" or ", closest.Select(s => $"'{s}'"))}?";
    }

    /// <summary>Optimal-string-alignment distance: insertions, deletions, substitutions and adjacent transpositions.</summary>
    public static int Distance(string a, string b)
    {
        ArgumentNullException.ThrowIfNull(a);
        ArgumentNullException.ThrowIfNull(b);
        var d = new int[a.Length + 1, b.Length + 1];
        for (var i = 0; i <= a.Length; i++)
        {
            d[i, 0] = i;
        }

        for (var j = 0; j <= b.Length; j++)
        {
            d[0, j] = j;
        }

        for (var i = 1; i <= a.Length; i++)
        {
            for (var j = 1; j <= b.Length; j++)
            {
                var cost = a[i - 1] == b[j - 1] ? 0 : 1;
                d[i, j] = Math.Min(Math.Min(d[i - 1, j] + 1, d[i, j - 1] + 1), d[i - 1, j - 1] + cost);
                if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1])
                {
                    d[i, j] = Math.Min(d[i, j], d[i - 2, j - 2] + 1);
                }
            }
        }

        return d[a.Length, b.Length];
    }
}
