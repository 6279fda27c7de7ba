using System.Globalization;

namespace RobustGate.Engine.Reporting;

/// <summary>
/// Shard k of N (1-based). The slicing rule every producer and the merger share: the run's sorted
/// sample index list of length n is cut into N contiguous blocks, shard k taking positions
/// [floor((k-1)·n/N), floor(k·n/N)). Contiguous blocks keep each shard's bits a contiguous run of
/// the unsharded bitset, so concatenating shards in k order reproduces it exactly.
/// </summary>
public sealed record ShardSpec
{
    public ShardSpec(int index, int count)
    {
        if (count < 1 || index < 1 || index > count)
        {
            throw new ConfigurationException($"shard: expected k/N with 1 <= k <= N, found {index}/{count}");
        }

        Index = index;
        Count = count;
    }

    /// <summary>k, 1-based.</summary>
    public int Index { get; }

    /// <summary>N.</summary>
    public int Count { get; }

    /// <summary>Parses "k/N"; <see cref="ConfigurationException"/> naming what was wrong.</summary>
    public static ShardSpec Parse(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var parts = text.Split('/');
        if (parts.Length != 2
            || !int.TryParse(parts[0].Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out var k)
            || !int.TryParse(parts[1].Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out var n))
        {
            throw new ConfigurationException($"shard: expected k/N (e.g. 2/8), found \"{text}\"");
        }

        return new ShardSpec(k, n);
    }

    /// <summary>The half-open range of positions [Start, End) of this shard in a list of <paramref name="total"/> items.</summary>
    public (int Start, int End) Range(int total)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(total);
        var start = (int)((long)(Index - 1) * total / Count);
        var end = (int)((long)Index * total / Count);
        return (start, end);
    }

    /// <summary>The sample indices of this shard out of the run's full, sorted index list.</summary>
    public IReadOnlyList<int> Select(IReadOnlyList<int> sortedIndices)
    {
        ArgumentNullException.ThrowIfNull(sortedIndices);
        var (start, end) = Range(sortedIndices.Count);
        var slice = new int[end - start];
        for (var i = start; i < end; i++)
        {
            slice[i - start] = sortedIndices[i];
        }

        return slice;
    }

    public override string ToString() => $"{Index.ToString(CultureInfo.InvariantCulture)}/{Count.ToString(CultureInfo.InvariantCulture)}";
}
