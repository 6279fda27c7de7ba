using RobustGate.Engine.Corruptions;
using RobustGate.Engine.Randomness;
using RobustGate.Engine.Tests.TestSupport;

namespace RobustGate.Engine.Tests.Corruptions;

/// <summary>
/// Every record of ref/corruptions/index.json: corrupt the record's input with the record's seed
/// and compare with the reference PNG at the level ref/corruptions/README.md sets for that
/// corruption. The generator must also have consumed exactly as many MT19937 words as numpy did and
/// leave the Gaussian cache in the same state — that checks the draw sequence even where pixels may
/// differ by a level.
/// </summary>
public sealed class ReferenceParityTests
{
    private static readonly Dictionary<CorruptionProfile, CorruptionRegistry> Registries = new()
    {
        [CorruptionProfile.ImageCorruptions] = Create(CorruptionProfile.ImageCorruptions),
        [CorruptionProfile.Cifar] = Create(CorruptionProfile.Cifar),
        [CorruptionProfile.ImageNetC] = Create(CorruptionProfile.ImageNetC),
    };

    public static TheoryData<string> Records()
    {
        var data = new TheoryData<string>();
        foreach (var id in ReferenceRecord.ById.Keys.Order(StringComparer.Ordinal))
        {
            data.Add(id);
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(Records))]
    public void Output_matches_the_reference(string record)
    {
        var r = ReferenceRecord.ById[record];
        Assert.Equal(r.Seed, CorruptionSeeds.Reference(r.Stem, r.Corruption, r.Severity));

        var corruption = Registries[r.Profile].Get(r.Corruption);
        var rng = new NumpyRandom(r.Seed);
        var actual = corruption.Apply(r.LoadInput(), r.Severity, rng);
        var expected = r.LoadOutput();

        Assert.Equal(r.WordsConsumed, rng.WordsConsumed);
        Assert.Equal(r.GaussCachedAfter, rng.HasCachedGaussian);
        PixelComparison.AssertMeets(ParityLevels.For(r), expected, actual, record);
    }

    [Fact]
    public void The_reference_set_is_complete()
    {
        // 19 corruptions x 5 severities x 2 stems at 224 and 32 (imagecorruptions), at 32 (CIFAR),
        // and 5 x 3 severities x 2 stems at 224 (published ImageNet-C generator).
        Assert.Equal((19 * 5 * 2 * 3) + (5 * 3 * 2), ReferenceRecord.ById.Count);
    }

    private static CorruptionRegistry Create(CorruptionProfile profile) =>
        new(new CorruptionOptions { Profile = profile, FrostDirectory = SharedData.Path("data", "frost") });
}
