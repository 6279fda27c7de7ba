using RobustGate.Engine.Randomness;

namespace RobustGate.Engine.Tests.Randomness;

public sealed class BulkDrawTests
{
    /// <summary>
    /// FillDouble and FillUniform against one scalar draw per element, bit for bit, from even and
    /// odd block positions and across several block boundaries (lengths not multiples of 312).
    /// </summary>
    [Theory]
    [InlineData(0, 1000)]
    [InlineData(1, 1000)]
    [InlineData(623, 5)]
    [InlineData(622, 2000)]
    public void Bulk_draws_equal_scalar_draws(int wordsDrawnFirst, int length)
    {
        var bulk = new NumpyRandom(9);
        var scalar = new NumpyRandom(9);
        for (var w = 0; w < wordsDrawnFirst; w++)
        {
            bulk.NextUInt32();
            scalar.NextUInt32();
        }

        var doubles = new double[length];
        bulk.FillDouble(doubles);
        var uniforms = new double[length];
        bulk.FillUniform(uniforms, -0.3, 1.7);
        for (var i = 0; i < length; i++)
        {
            Assert.Equal(BitConverter.DoubleToInt64Bits(scalar.NextDouble()), BitConverter.DoubleToInt64Bits(doubles[i]));
        }

        for (var i = 0; i < length; i++)
        {
            Assert.Equal(BitConverter.DoubleToInt64Bits(scalar.Uniform(-0.3, 1.7)), BitConverter.DoubleToInt64Bits(uniforms[i]));
        }

        Assert.Equal(scalar.WordsConsumed, bulk.WordsConsumed);
        Assert.Equal(scalar.NextUInt32(), bulk.NextUInt32());
    }
}
