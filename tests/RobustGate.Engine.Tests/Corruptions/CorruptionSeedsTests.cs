using RobustGate.Engine.Corruptions;
using RobustGate.Engine.Randomness;

namespace RobustGate.Engine.Tests.Corruptions;

public sealed class CorruptionSeedsTests
{
    [Fact]
    public void Reference_seed_is_zlib_crc32_of_the_record_path()
    {
        // Values from ref/corruptions/index.json (zlib.crc32 in Python).
        Assert.Equal(3163144369u, CorruptionSeeds.Reference("astronaut_224", "gaussian_noise", 1));
        Assert.Equal(629182731u, CorruptionSeeds.Reference("astronaut_224", "gaussian_noise", 2));
    }

    [Fact]
    public void Seeds_are_pinned_so_they_stay_the_same_on_every_platform_and_release()
    {
        // The documented SplitMix64 chain, transcribed independently below; changing it changes every report.
        Assert.Equal(ExpectedSeed(0, 0, "gaussian_noise", 1), CorruptionSeeds.For(0, 0, "gaussian_noise", 1));
        Assert.Equal(ExpectedSeed(12345, 678, "fog", 5), CorruptionSeeds.For(12345, 678, "fog", 5));
    }

    [Fact]
    public void Every_image_corruption_and_severity_gets_its_own_seed()
    {
        var seeds = new HashSet<uint>();
        foreach (var name in CorruptionRegistry.Benchmark15)
        {
            for (var severity = 1; severity <= 5; severity++)
            {
                for (var image = 0; image < 200; image++)
                {
                    seeds.Add(CorruptionSeeds.For(7, image, name, severity));
                }
            }
        }

        // 15,000 draws from 2^32 values: a collision has probability ~2.6 %, two ~0.03 %.
        Assert.True(seeds.Count >= 15 * 5 * 200 - 2, $"{seeds.Count} distinct seeds");
        Assert.NotEqual(CorruptionSeeds.For(1, 0, "fog", 1), CorruptionSeeds.For(2, 0, "fog", 1));
    }

    [Fact]
    public void The_same_seed_gives_the_same_image_on_any_thread()
    {
        var registry = new CorruptionRegistry();
        var image = TestImages.Gradient(48, 40);
        foreach (var corruption in registry.All.Where(c => c.IsRandom))
        {
            var seed = CorruptionSeeds.For(99, 3, corruption.Name, 5);
            var expected = corruption.Apply(image, 5, new NumpyRandom(seed)).Pixels;
            var results = new byte[8][];
            Parallel.For(0, results.Length, i => results[i] = corruption.Apply(image, 5, new NumpyRandom(seed)).Pixels);
            Assert.All(results, r => Assert.Equal(expected, r));

            // Some draws have few outcomes (e.g. two quantisation levels): one of six other seeds must differ.
            var others = Enumerable.Range(1, 6).Select(k => corruption.Apply(image, 5, new NumpyRandom(seed + (uint)k)).Pixels);
            Assert.True(others.Any(o => !expected.AsSpan().SequenceEqual(o)), corruption.Name);
        }
    }

    // An independent transcription of the documented formula.
    private static uint ExpectedSeed(ulong baseSeed, long image, string name, int severity)
    {
        static ulong Mix(ulong z)
        {
            z += 0x9E3779B97F4A7C15UL;
            z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
            z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
            return z ^ (z >> 31);
        }

        // Bitwise CRC-32 (reflected 0xEDB88320), independent of the engine's table-driven one.
        var crc = 0xFFFFFFFFu;
        foreach (var b in System.Text.Encoding.UTF8.GetBytes(name))
        {
            crc ^= b;
            for (var k = 0; k < 8; k++)
            {
                crc = (crc & 1) != 0 ? (crc >> 1) ^ 0xEDB88320u : crc >> 1;
            }
        }

        crc ^= 0xFFFFFFFFu;
        return (uint)(Mix(Mix(Mix(Mix(baseSeed) ^ (ulong)image) ^ crc) ^ (ulong)severity) >> 32);
    }
}
