namespace RobustGate.Engine.Data;

/// <summary>Seeded, class-balanced subsets of a dataset's indices.</summary>
public static class DatasetSubset
{
    /// <summary>
    /// Picks min(<paramref name="limit"/>, labels.Count) indices, balanced across classes, and
    /// returns them sorted ascending. The algorithm, exactly:
    /// <list type="number">
    /// <item>Group indices by label (ascending index within each class); classes are the distinct labels, ascending.</item>
    /// <item>Shuffle each class's list with Fisher-Yates driven by <c>SplitMix64.ForStream(seed, label)</c>.</item>
    /// <item>Deal round-robin: round r takes element r of every class, classes in ascending label
    /// order, skipping classes with fewer than r + 1 members, until <paramref name="limit"/> are taken.</item>
    /// <item>Sort the taken indices.</item>
    /// </list>
    /// So class counts differ by at most one (unless a class runs out), leftover places go to the
    /// lowest labels, the result depends only on (labels, limit, seed), and a smaller limit
    /// always picks a subset of what a larger one picks with the same seed.
    /// </summary>
    public static int[] Stratified(IReadOnlyList<int> labels, int limit, int seed)
    {
        ArgumentNullException.ThrowIfNull(labels);
        ArgumentOutOfRangeException.ThrowIfNegative(limit);
        if (limit >= labels.Count)
        {
            return Enumerable.Range(0, labels.Count).ToArray();
        }

        var byClass = new SortedDictionary<int, List<int>>();
        for (int i = 0; i < labels.Count; i++)
        {
            if (!byClass.TryGetValue(labels[i], out var members))
            {
                members = [];
                byClass.Add(labels[i], members);
            }

            members.Add(i);
        }

        var shuffled = new List<int[]>(byClass.Count);
        foreach (var (label, members) in byClass)
        {
            int[] order = [.. members];
            SplitMix64.ForStream(unchecked((ulong)(long)seed), unchecked((ulong)(long)label)).Shuffle<int>(order);
            shuffled.Add(order);
        }

        var taken = new int[limit];
        int count = 0;
        for (int round = 0; count < limit; round++)
        {
            foreach (int[] order in shuffled)
            {
                if (round < order.Length && count < limit)
                {
                    taken[count++] = order[round];
                }
            }
        }

        Array.Sort(taken);
        return taken;
    }
}
