namespace RobustGate.Engine.Tensors;

/// <summary>
/// The engine's seeded pseudo-random generator: xoshiro256** (Blackman and Vigna, 2018), its
/// 256-bit state filled from the seed by splitmix64. Every random tensor op takes one explicitly,
/// and draws are consumed strictly in element order on the calling thread, so the same seed gives
/// the same numbers bit for bit on every machine and for every thread count.
/// Uniform floats use the top 24 bits (values k * 2^-24, k in [0, 2^24)); normals use Box-Muller
/// in double precision on pairs of uniform doubles (53 bits), caching the second value.
/// </summary>
public sealed class Generator
{
    private ulong s0, s1, s2, s3;
    private double? spareNormal;

    public Generator(ulong seed)
    {
        Seed = seed;
        var x = seed;
        s0 = SplitMix(ref x);
        s1 = SplitMix(ref x);
        s2 = SplitMix(ref x);
        s3 = SplitMix(ref x);
    }

    public ulong Seed { get; }

    /// <summary>Next raw 64-bit output.</summary>
    public ulong NextUInt64()
    {
        var result = ulong.RotateLeft(s1 * 5, 7) * 9;
        var t = s1 << 17;
        s2 ^= s0;
        s3 ^= s1;
        s1 ^= s2;
        s0 ^= s3;
        s2 ^= t;
        s3 = ulong.RotateLeft(s3, 45);
        return result;
    }

    /// <summary>Uniform in [0, 1) with 24 random bits (exactly representable as float).</summary>
    public float NextSingle() => (NextUInt64() >> 40) * (1f / (1 << 24));

    /// <summary>Uniform in [0, 1) with 53 random bits.</summary>
    public double NextDouble() => (NextUInt64() >> 11) * (1.0 / (1UL << 53));

    /// <summary>Standard normal (Box-Muller).</summary>
    public double NextNormal()
    {
        if (spareNormal is { } spare)
        {
            spareNormal = null;
            return spare;
        }

        // 1 - u lies in (0, 1], so the logarithm is finite.
        var u1 = 1.0 - NextDouble();
        var u2 = NextDouble();
        var r = Math.Sqrt(-2.0 * Math.Log(u1));
        var theta = 2.0 * Math.PI * u2;
        spareNormal = r * Math.Sin(theta);
        return r * Math.Cos(theta);
    }

    /// <summary>Uniform integer in [low, high), without modulo bias (Lemire's method).</summary>
    public long NextInt64(long low, long high)
    {
        if (high <= low)
        {
            throw new ArgumentOutOfRangeException(nameof(high), $"Empty range [{low}, {high}).");
        }

        var range = (ulong)(high - low);
        var threshold = (0 - range) % range;
        while (true)
        {
            var product = Math.BigMul(NextUInt64(), range, out var lowBits);
            if (lowBits >= threshold)
            {
                return low + (long)product;
            }
        }
    }

    /// <summary>A new generator whose seed is drawn from this one (for independent streams).</summary>
    public Generator Fork() => new(NextUInt64());

    private static ulong SplitMix(ref ulong x)
    {
        x += 0x9E3779B97F4A7C15UL;
        var z = x;
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
        return z ^ (z >> 31);
    }
}
