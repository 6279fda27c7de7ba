using RobustGate.Engine.Imaging;

namespace RobustGate.Engine.Tests.Imaging;

/// <summary>The transposed (vector) IDCT row pass against the row-at-a-time scalar one with libjpeg's range-limit table.</summary>
public class JpegIdctVectorTests
{
    [Fact]
    public void Transposed_row_pass_equals_the_scalar_row_pass()
    {
        if (!System.Runtime.Intrinsics.X86.Avx512F.VL.IsSupported)
        {
            return;
        }

        var random = new Random(4321);
        var workspace = new int[64];
        const int stride = 13;
        var expected = new byte[(7 * stride) + 8];
        var actual = new byte[expected.Length];
        for (var trial = 0; trial < 20000; trial++)
        {
            // Column-pass outputs of real data (small), full-range values (corrupt data: wrapping
            // products and the masked range limit), and rows whose AC entries are all zero so
            // the DC shortcut is taken for some lanes and not others.
            for (var i = 0; i < 64; i++)
            {
                workspace[i] = (trial % 3) switch
                {
                    0 => random.Next(-4096, 4096),
                    1 => random.Next(int.MinValue, int.MaxValue),
                    _ => (i % 8 == 0 || random.Next(4) == 0) ? random.Next(-70000, 70000) : 0,
                };
            }

            if (trial % 3 == 2)
            {
                for (var row = 0; row < 8; row += 2)
                {
                    workspace.AsSpan((row * 8) + 1, 7).Clear();
                }
            }

            Array.Fill(expected, (byte)7);
            Array.Fill(actual, (byte)7);
            JpegIdct.RowPassScalar(workspace, expected, stride);
            JpegIdct.RowPassVector(ref workspace[0], ref actual[0], stride);
            Assert.Equal(expected, actual);
        }
    }
}
