using System.Text;
using RobustGate.Engine.Imaging;
using RobustGate.Engine.IO;

namespace RobustGate.Engine.Corruptions;

/// <summary>
/// Seeds for corrupting many images reproducibly. Each (image index, corruption, severity) gets
/// its own 32-bit seed for <c>new NumpyRandom(seed)</c>, so an image's corruption does not depend on
/// which images were corrupted before it, on sharding or on thread count.
/// </summary>
public static class CorruptionSeeds
{
    /// <summary>
    /// The RobustGate seed: h = SplitMix64(baseSeed); h = SplitMix64(h ⊕ imageIndex);
    /// h = SplitMix64(h ⊕ CRC-32(UTF-8 corruption name)); h = SplitMix64(h ⊕ severity); seed = high
    /// 32 bits of h. SplitMix64 is Steele, Lea and Flood's finaliser (golden-gamma increment, then
    /// xor-shift-multiply by 0xBF58476D1CE4E5B9 and 0x94D049BB133111EB). Integer-only, hence the same
    /// on every platform.
    /// </summary>
    public static uint For(ulong baseSeed, long imageIndex, string corruption, int severity)
    {
        ArgumentNullException.ThrowIfNull(corruption);
        var h = SplitMix64(baseSeed);
        h = SplitMix64(h ^ unchecked((ulong)imageIndex));
        h = SplitMix64(h ^ Crc32.Compute(Encoding.UTF8.GetBytes(corruption)));
        h = SplitMix64(h ^ unchecked((ulong)severity));
        return (uint)(h >> 32);
    }

    /// <summary>
    /// The reference outputs' seed: zlib CRC-32 of "&lt;stem&gt;/&lt;corruption&gt;/&lt;severity&gt;" in UTF-8,
    /// e.g. <c>chelsea_224/glass_blur/3</c> (ref/corruptions/README.md).
    /// </summary>
    public static uint Reference(string stem, string corruption, int severity) =>
        Crc32.Compute(Encoding.UTF8.GetBytes($"{stem}/{corruption}/{severity}"));

    private static ulong SplitMix64(ulong x)
    {
        unchecked
        {
            x += 0x9E3779B97F4A7C15UL;
            x = (x ^ (x >> 30)) * 0xBF58476D1CE4E5B9UL;
            x = (x ^ (x >> 27)) * 0x94D049BB133111EBUL;
            return x ^ (x >> 31);
        }
    }
}
