using System.Numerics;

namespace RobustGate.Engine.Evaluation;

/// <summary>
/// Immutable per-sample correctness in sample order: bit i says whether the i-th evaluated
/// sample was classified correctly. Bits are the unit of exact merging and of paired tests,
/// so they are stored, never averages. The serialised form is base64 of the little-endian bit
/// stream: sample i is bit (i % 8) of byte (i / 8); unused high bits of the last byte are zero.
/// </summary>
public sealed class CorrectnessBits : IEquatable<CorrectnessBits>
{
    private readonly ulong[] _words;

    private CorrectnessBits(ulong[] words, int count)
    {
        _words = words;
        Count = count;
        var correct = 0;
        foreach (var w in words)
        {
            correct += BitOperations.PopCount(w);
        }

        CorrectCount = correct;
    }

    /// <summary>Number of samples.</summary>
    public int Count { get; }

    /// <summary>Number of samples classified correctly.</summary>
    public int CorrectCount { get; }

    /// <summary>Number of samples classified wrongly.</summary>
    public int WrongCount => Count - CorrectCount;

    /// <summary>Whether sample <paramref name="index"/> (position in sample order) was correct.</summary>
    public bool this[int index]
    {
        get
        {
            ArgumentOutOfRangeException.ThrowIfNegative(index);
            ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(index, Count);
            return (_words[index >> 6] >> (index & 63) & 1UL) != 0;
        }
    }

    public static CorrectnessBits Empty { get; } = new([], 0);

    public static CorrectnessBits FromBooleans(ReadOnlySpan<bool> correct)
    {
        var words = new ulong[(correct.Length + 63) >> 6];
        for (var i = 0; i < correct.Length; i++)
        {
            if (correct[i])
            {
                words[i >> 6] |= 1UL << (i & 63);
            }
        }

        return new CorrectnessBits(words, correct.Length);
    }

    /// <summary>Correctness from predictions and labels of the same length.</summary>
    public static CorrectnessBits FromPredictions(ReadOnlySpan<int> predicted, ReadOnlySpan<int> labels)
    {
        if (predicted.Length != labels.Length)
        {
            throw new ArgumentException($"{predicted.Length} predictions for {labels.Length} labels.", nameof(labels));
        }

        var words = new ulong[(predicted.Length + 63) >> 6];
        for (var i = 0; i < predicted.Length; i++)
        {
            if (predicted[i] == labels[i])
            {
                words[i >> 6] |= 1UL << (i & 63);
            }
        }

        return new CorrectnessBits(words, predicted.Length);
    }

    /// <summary>Decodes the base64 form; <see cref="FormatException"/> when it does not hold exactly <paramref name="count"/> bits.</summary>
    public static CorrectnessBits FromBase64(string base64, int count)
    {
        ArgumentNullException.ThrowIfNull(base64);
        ArgumentOutOfRangeException.ThrowIfNegative(count);
        var bytes = Convert.FromBase64String(base64);
        if (bytes.Length != (count + 7) / 8)
        {
            throw new FormatException($"expected {(count + 7) / 8} bytes for {count} samples, found {bytes.Length}");
        }

        if (count % 8 != 0 && bytes[^1] >> (count % 8) != 0)
        {
            throw new FormatException("bits beyond the last sample are set");
        }

        var words = new ulong[(count + 63) >> 6];
        for (var i = 0; i < bytes.Length; i++)
        {
            words[i >> 3] |= (ulong)bytes[i] << ((i & 7) * 8);
        }

        return new CorrectnessBits(words, count);
    }

    /// <summary>Joins blocks end to end (the exact merge of contiguous shards).</summary>
    public static CorrectnessBits Concatenate(IEnumerable<CorrectnessBits> parts)
    {
        ArgumentNullException.ThrowIfNull(parts);
        var list = parts.ToList();
        var total = list.Sum(p => p.Count);
        var words = new ulong[(total + 63) >> 6];
        var offset = 0;
        foreach (var part in list)
        {
            CopyBits(part._words, 0, words, offset, part.Count);
            offset += part.Count;
        }

        return new CorrectnessBits(words, total);
    }

    /// <summary>The bits of positions [start, start + length).</summary>
    public CorrectnessBits Slice(int start, int length)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(start);
        ArgumentOutOfRangeException.ThrowIfNegative(length);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(start + length, Count);
        var words = new ulong[(length + 63) >> 6];
        CopyBits(_words, start, words, 0, length);
        return new CorrectnessBits(words, length);
    }

    /// <summary>
    /// Copies <paramref name="count"/> bits from position <paramref name="from"/> of
    /// <paramref name="source"/> to position <paramref name="to"/> of <paramref name="target"/>
    /// (whose bits there are zero), a word at a time: shards of ImageNet-C runs are millions of bits.
    /// </summary>
    private static void CopyBits(ulong[] source, int from, ulong[] target, int to, int count)
    {
        var done = 0;
        while (done < count)
        {
            var s = from + done;
            var t = to + done;
            var sourceShift = s & 63;
            var targetShift = t & 63;
            // Bits available without crossing a word boundary on either side.
            var chunk = Math.Min(count - done, Math.Min(64 - sourceShift, 64 - targetShift));
            var bits = source[s >> 6] >> sourceShift;
            if (chunk < 64)
            {
                bits &= (1UL << chunk) - 1;
            }

            target[t >> 6] |= bits << targetShift;
            done += chunk;
        }
    }

    public string ToBase64()
    {
        var bytes = new byte[(Count + 7) / 8];
        for (var i = 0; i < bytes.Length; i++)
        {
            bytes[i] = (byte)(_words[i >> 3] >> ((i & 7) * 8));
        }

        return Convert.ToBase64String(bytes);
    }

    public bool Equals(CorrectnessBits? other) =>
        other is not null && Count == other.Count && _words.AsSpan().SequenceEqual(other._words);

    public override bool Equals(object? obj) => Equals(obj as CorrectnessBits);

    public override int GetHashCode()
    {
        var hash = new HashCode();
        hash.Add(Count);
        foreach (var w in _words)
        {
            hash.Add(w);
        }

        return hash.ToHashCode();
    }
}
