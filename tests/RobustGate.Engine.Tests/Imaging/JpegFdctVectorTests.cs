using RobustGate.Engine.Imaging;

namespace RobustGate.Engine.Tests.Imaging;

/// <summary>The transposed (vector) FDCT row pass against the row-at-a-time scalar one.</summary>
public class JpegFdctVectorTests
{
    [Fact]
    public void Transposed_row_pass_equals_the_scalar_row_pass()
    {
        var random = new Random(1234);
        var expected = new int[64];
        var actual = new int[64];
        for (var trial = 0; trial < 20000; trial++)
        {
            // Level-shifted samples (-128..127) as the encoder feeds, plus full-range integers so
            // that wrapping products must wrap the same way in both passes.
            for (var i = 0; i < 64; i++)
            {
                expected[i] = trial % 4 == 3 ? random.Next(int.MinValue, int.MaxValue) : random.Next(-128, 128);
            }

            expected.CopyTo(actual, 0);
            JpegFdct.RowPassScalar(ref expected[0]);
            JpegFdct.RowPassTransposed(ref actual[0]);
            Assert.Equal(expected, actual);
        }
    }
}
