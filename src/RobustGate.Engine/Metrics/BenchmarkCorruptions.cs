using RobustGate.Engine.Corruptions;

namespace RobustGate.Engine.Metrics;

/// <summary>
/// The ImageNet-C corruption names and groups the metrics are defined on (spec/corruptions.md §6):
/// mCE averages CE over the 15 benchmark corruptions; the 4 extra ones are held out.
/// </summary>
public static class BenchmarkCorruptions
{
    /// <summary>The 15 benchmark corruptions in the paper's order.</summary>
    public static IReadOnlyList<string> Names => CorruptionRegistry.Benchmark15;

    /// <summary>The 4 held-out corruptions.</summary>
    public static IReadOnlyList<string> ExtraNames => CorruptionRegistry.Extra4;

    /// <summary>Group names in report order.</summary>
    public static IReadOnlyList<string> Groups { get; } = ["noise", "blur", "weather", "digital", "extra"];

    public static bool IsBenchmark(string name) => Names.Contains(name, StringComparer.Ordinal);

    /// <summary>The group of a known corruption, or null for a name outside ImageNet-C.</summary>
    public static string? GroupOf(string name)
    {
        var i = Names.IndexOf(name);
        if (i >= 0)
        {
            return i < 3 ? "noise" : i < 7 ? "blur" : i < 11 ? "weather" : "digital";
        }

        return ExtraNames.Contains(name, StringComparer.Ordinal) ? "extra" : null;
    }

    private static int IndexOf(this IReadOnlyList<string> list, string name)
    {
        for (var i = 0; i < list.Count; i++)
        {
            if (string.Equals(list[i], name, StringComparison.Ordinal))
            {
                return i;
            }
        }

        return -1;
    }
}
