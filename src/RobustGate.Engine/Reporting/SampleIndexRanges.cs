using System.Globalization;
using System.Text;

namespace RobustGate.Engine.Reporting;

/// <summary>
/// Compact text form of a strictly ascending index list: comma-separated runs, "a-b" for a run of
/// consecutive indices and "a" for a single one, e.g. "0-999,2000,2005-2009". A full 50,000-image
/// split is "0-49999" instead of 50,000 numbers.
/// </summary>
public static class SampleIndexRanges
{
    public static string Format(IReadOnlyList<int> indices)
    {
        ArgumentNullException.ThrowIfNull(indices);
        var sb = new StringBuilder();
        var i = 0;
        while (i < indices.Count)
        {
            var j = i;
            while (j + 1 < indices.Count && indices[j + 1] == indices[j] + 1)
            {
                j++;
            }

            if (sb.Length > 0)
            {
                sb.Append(',');
            }

            sb.Append(indices[i].ToString(CultureInfo.InvariantCulture));
            if (j > i)
            {
                sb.Append('-').Append(indices[j].ToString(CultureInfo.InvariantCulture));
            }

            i = j + 1;
        }

        return sb.ToString();
    }

    /// <summary>Parses the compact form; <see cref="FormatException"/> describing the bad run.</summary>
    public static IReadOnlyList<int> Parse(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var result = new List<int>();
        if (text.Length == 0)
        {
            return result;
        }

        foreach (var run in text.Split(','))
        {
            var dash = run.IndexOf('-', StringComparison.Ordinal);
            var first = ParseIndex(dash < 0 ? run : run[..dash], run);
            var last = dash < 0 ? first : ParseIndex(run[(dash + 1)..], run);
            if (last < first || (result.Count > 0 && first <= result[^1]))
            {
                throw new FormatException($"run \"{run}\" is not strictly ascending");
            }

            for (var v = first; v <= last; v++)
            {
                result.Add(v);
            }
        }

        return result;
    }

    private static int ParseIndex(string s, string run) =>
        int.TryParse(s, NumberStyles.None, CultureInfo.InvariantCulture, out var v)
            ? v
            : throw new FormatException($"run \"{run}\" is not \"a\" or \"a-b\" with non-negative integers");
}
