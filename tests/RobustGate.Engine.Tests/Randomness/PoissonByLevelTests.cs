using RobustGate.Engine.Randomness;

namespace RobustGate.Engine.Tests.Randomness;

public sealed class PoissonByLevelTests
{
    /// <summary>
    /// The bulk sampler against one <see cref="NumpyRandom.Poisson"/> call per level: the same
    /// counts and the same words consumed, from an even and from an odd block position (a single
    /// word drawn first), across many block boundaries, with PTRS levels mixed in.
    /// </summary>
    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    [InlineData(3)]
    public void Matches_one_poisson_call_per_level(int wordsDrawnFirst)
    {
        const double Photons = 14;
        var lambda = new double[256];
        var expMinusLambda = new double[256];
        var ptrs = new NumpyRandom.PoissonPtrsConstants[256];
        for (var v = 0; v < 256; v++)
        {
            lambda[v] = v / 255.0 * Photons;
            expMinusLambda[v] = Math.Exp(-lambda[v]);
            ptrs[v] = new NumpyRandom.PoissonPtrsConstants(Math.Max(lambda[v], 10.0));
        }

        var levelSource = new NumpyRandom(3);
        var levels = new byte[20000];
        for (var i = 0; i < levels.Length; i++)
        {
            levels[i] = (byte)levelSource.RandInt(256);
        }

        var bulk = new NumpyRandom(42);
        var single = new NumpyRandom(42);
        for (var w = 0; w < wordsDrawnFirst; w++)
        {
            bulk.NextUInt32();
            single.NextUInt32();
        }

        var counts = new int[levels.Length];
        bulk.PoissonByLevel(levels, lambda, expMinusLambda, ptrs, counts);
        for (var i = 0; i < levels.Length; i++)
        {
            Assert.Equal(single.Poisson(lambda[levels[i]]), counts[i]);
        }

        Assert.Equal(single.WordsConsumed, bulk.WordsConsumed);
        Assert.Equal(single.NextUInt32(), bulk.NextUInt32());
    }
}
