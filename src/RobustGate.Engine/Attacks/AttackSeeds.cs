namespace RobustGate.Engine.Attacks;

/// <summary>
/// Seeds of the per-sample random streams. Every random draw of an attack (random starts, targets,
/// Square proposals) comes from a generator seeded by (run seed, attack name, dataset sample id,
/// restart), so results do not depend on batch size, batch order or shard boundaries.
/// </summary>
public static class AttackSeeds
{
    public static ulong For(ulong seed, string attack, long sampleId, int restart)
    {
        ArgumentNullException.ThrowIfNull(attack);
        var h = Mix(seed ^ 0x243F6A8885A308D3UL);
        h = Mix(h ^ Fnv1a(attack));
        h = Mix(h ^ (ulong)sampleId);
        return Mix(h ^ ((ulong)(uint)restart << 32));
    }

    /// <summary>FNV-1a over the UTF-16 code units: a hash that is the same in every process (string.GetHashCode is not).</summary>
    private static ulong Fnv1a(string text)
    {
        var h = 0xCBF29CE484222325UL;
        foreach (var ch in text)
        {
            h = (h ^ ch) * 0x100000001B3UL;
        }

        return h;
    }

    /// <summary>The splitmix64 finaliser: a bijective avalanche so nearby inputs give unrelated seeds.</summary>
    private static ulong Mix(ulong z)
    {
        z += 0x9E3779B97F4A7C15UL;
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
        return z ^ (z >> 31);
    }
}
