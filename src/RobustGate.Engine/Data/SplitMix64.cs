namespace RobustGate.Engine.Data;

/// <summary>
/// SplitMix64 (Steele, Lea and Flood, 2014): a tiny, fast, well-mixed 64-bit generator whose whole
/// state is one counter, so a stream can be derived from (seed, index) without sequential state.
/// Data/ uses it for subsets and synthetic images so their results never depend on System.Random.
/// </summary>
public struct SplitMix64
{
    private const ulong Golden = 0x9E3779B97F4A7C15;
    private ulong _state;

    public SplitMix64(ulong seed)
    {
        _state = seed;
    }

    /// <summary>A generator for item <paramref name="stream"/> of a seeded family: independent of every other item.</summary>
    public static SplitMix64 ForStream(ulong seed, ulong stream) => new(Mix(seed ^ Mix(stream + Golden)));

    /// <summary>The SplitMix64 output function: a bijective 64-bit mixer.</summary>
    public static ulong Mix(ulong z)
    {
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EB;
        return z ^ (z >> 31);
    }

    public ulong NextUInt64()
    {
        _state += Golden;
        return Mix(_state);
    }

    /// <summary>Uniform in [0, bound) without modulo bias (Lemire's multiply-shift with rejection).</summary>
    public int NextInt(int bound)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(bound);
        ulong range = (ulong)bound;
        ulong threshold = (0UL - range) % range;
        while (true)
        {
            UInt128 product = (UInt128)NextUInt64() * range;
            if ((ulong)product >= threshold)
            {
                return (int)(product >> 64);
            }
        }
    }

    /// <summary>Uniform in [min, max] inclusive.</summary>
    public int NextInt(int min, int max) => min + NextInt(max - min + 1);

    /// <summary>Uniform in [0, 1) with 53 random bits.</summary>
    public double NextDouble() => (NextUInt64() >> 11) * (1.0 / (1UL << 53));

    /// <summary>Fisher-Yates shuffle, last element first.</summary>
    public void Shuffle<T>(Span<T> items)
    {
        for (int i = items.Length - 1; i > 0; i--)
        {
            int j = NextInt(i + 1);
            (items[i], items[j]) = (items[j], items[i]);
        }
    }
}
