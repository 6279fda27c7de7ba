using System.Globalization;
using System.Runtime.CompilerServices;
using System.Text.Json;
using RobustGate.Engine.Randomness;

namespace RobustGate.Engine.Tests.Randomness;

/// <summary>
/// Compares the port with vectors written by numpy 1.24's own legacy RandomState
/// (TestData/make_numpy_vectors.py). Every comparison is exact: the port must be bit-exact.
/// </summary>
public sealed class NumpyRandomTests
{
    private static readonly Lazy<JsonDocument> Vectors = new(() =>
        JsonDocument.Parse(File.ReadAllText(Path.Combine(TestDataFolder(), "numpy_legacy_vectors.json"))));

    public static TheoryData<uint> Seeds()
    {
        var data = new TheoryData<uint>();
        foreach (var c in Vectors.Value.RootElement.GetProperty("cases").EnumerateArray())
        {
            data.Add(c.GetProperty("seed").GetUInt32());
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(Seeds))]
    public void Sequence_of_draws_matches_numpy(uint seed)
    {
        var c = Case(seed);
        var rng = new NumpyRandom(seed);
        var n = c.GetProperty("random_sample").GetArrayLength();

        foreach (var expected in Doubles(c, "random_sample"))
        {
            Assert.Equal(expected, rng.NextDouble());
        }

        // One value by the scalar call (which caches the pair's second), the rest by the array fill,
        // so the fill starts from a cached value and ends on a half-used pair.
        var normals = Doubles(c, "normal");
        Assert.Equal(normals[0], rng.Normal(0.5, 0.3));
        var filled = new double[normals.Length - 1];
        rng.FillNormal(filled, 0.5, 0.3);
        Assert.Equal(normals[1..], filled);

        // n + 1 normals leave the second value of the last pair cached; numpy returns it next.
        Assert.True(rng.HasCachedGaussian);
        Assert.Equal(ParseDouble(c.GetProperty("standard_normal_after")), rng.StandardNormal());

        var uniform = new double[n];
        rng.FillUniform(uniform, -45, 45);
        Assert.Equal(Doubles(c, "uniform"), uniform);

        foreach (var expected in Longs(c, "randint_-3_3"))
        {
            Assert.Equal(expected, rng.RandInt(-3, 3));
        }

        foreach (var expected in Longs(c, "randint_5"))
        {
            Assert.Equal(expected, rng.RandInt(5));
        }

        foreach (var expected in Longs(c, "randint_0_767"))
        {
            Assert.Equal(expected, rng.RandInt(0, 767));
        }

        foreach (var expected in c.GetProperty("choice_0.09").EnumerateArray().Select(e => e.GetBoolean()))
        {
            Assert.Equal(expected, rng.ChooseTrue(0.09));
        }

        var poisson = Longs(c, "poisson_linspace_0_40").ToArray();
        for (var i = 0; i < poisson.Length; i++)
        {
            // numpy.linspace(0, 40, n): start + i * step, the last element set to stop exactly.
            var lam = i == poisson.Length - 1 ? 40.0 : i * (40.0 / (poisson.Length - 1));
            Assert.Equal(poisson[i], rng.Poisson(lam));
        }

        var finalPosition = c.GetProperty("final_pos").GetInt64();
        Assert.Equal(finalPosition, ((rng.WordsConsumed - 1) % 624) + 1);
        Assert.Equal(c.GetProperty("final_has_gauss").GetInt32() == 1, rng.HasCachedGaussian);
    }

    [Fact]
    public void Array_seed_uses_init_by_array_like_numpy()
    {
        foreach (var c in Vectors.Value.RootElement.GetProperty("seed_arrays").EnumerateArray())
        {
            var key = c.GetProperty("key").EnumerateArray().Select(e => e.GetUInt32()).ToArray();
            var rng = new NumpyRandom(0);
            rng.Seed(key);
            Assert.Equal(Doubles(c, "random_sample"), Enumerable.Range(0, 16).Select(_ => rng.NextDouble()));
        }
    }

    [Fact]
    public void Reseeding_clears_the_gaussian_cache_and_restarts_the_stream()
    {
        var rng = new NumpyRandom(7);
        var first = rng.StandardNormal();
        Assert.True(rng.HasCachedGaussian);
        rng.Seed(7);
        Assert.False(rng.HasCachedGaussian);
        Assert.Equal(0, rng.WordsConsumed);
        Assert.Equal(first, rng.StandardNormal());
    }

    [Fact]
    public void Randint_with_a_single_value_range_draws_nothing()
    {
        var rng = new NumpyRandom(3);
        Assert.Equal(4, rng.RandInt(4, 5));
        Assert.Equal(0, rng.WordsConsumed);
        Assert.Throws<ArgumentOutOfRangeException>(() => rng.RandInt(5, 5));
    }

    private static JsonElement Case(uint seed) =>
        Vectors.Value.RootElement.GetProperty("cases").EnumerateArray().Single(c => c.GetProperty("seed").GetUInt32() == seed);

    private static double[] Doubles(JsonElement c, string name) =>
        c.GetProperty(name).EnumerateArray().Select(ParseDouble).ToArray();

    private static IEnumerable<long> Longs(JsonElement c, string name) =>
        c.GetProperty(name).EnumerateArray().Select(e => e.GetInt64());

    // Python's repr() of a float is the shortest round-trip string, which double.Parse reads back exactly.
    private static double ParseDouble(JsonElement e) => double.Parse(e.GetString()!, CultureInfo.InvariantCulture);

    private static string TestDataFolder([CallerFilePath] string path = "") =>
        Path.Combine(Path.GetDirectoryName(path)!, "TestData");
}
