using RobustGate.Engine.Kernels;

namespace RobustGate.Engine.Tests.Kernels;

public class FixedOrderSumTests
{
    [Fact]
    public void Sum_MatchesDoubleSumWithinFloatAccumulationError()
    {
        for (var length = 0; length <= 300; length++)
        {
            var values = KernelTestData.Uniform(length, length);
            var expected = values.Sum(v => (double)v);

            // At most length / 64 float additions per lane of values |v| <= 1, each off by <= 2^-24 of the partial sum.
            Assert.True(Math.Abs(FixedOrderSum.Sum(values) - expected) <= 1e-7 * length * (1 + (length / 64)), $"length {length}");
        }
    }

    [Fact]
    public void Sum_DoesNotDependOnTheDataAddress()
    {
        var values = KernelTestData.Uniform(1000, 7, 1000f);
        var expected = FixedOrderSum.Sum(values);
        for (var shift = 1; shift < 16; shift++)
        {
            var shifted = new float[values.Length + shift];
            values.CopyTo(shifted, shift);
            Assert.Equal(BitConverter.DoubleToInt64Bits(expected), BitConverter.DoubleToInt64Bits(FixedOrderSum.Sum(shifted.AsSpan(shift))));
        }
    }
}
