using RobustGate.Engine.Kernels;

namespace RobustGate.Engine.Tests.Kernels;

public class GemmTranspose8x8Tests
{
    [Fact]
    public unsafe void Block_TransposesBetweenStridedRows_AndLeavesTheRestAlone()
    {
        // Source rows 11 floats apart, destination rows 32 apart (the AVX-512 panel width), as when packing B.
        const int srcStride = 11, dstStride = 32;
        var src = KernelTestData.Uniform(8 * srcStride, 5);
        var dst = Enumerable.Repeat(-7f, 8 * dstStride).ToArray();
        fixed (float* s = src)
        fixed (float* d = dst)
        {
            GemmTranspose8x8.Block(s, srcStride, d, dstStride);
        }

        for (var r = 0; r < 8; r++)
        {
            for (var c = 0; c < dstStride; c++)
            {
                // Exact: the transpose moves bits, it computes nothing.
                var expected = c < 8 ? src[(c * srcStride) + r] : -7f;
                Assert.Equal(expected, dst[(r * dstStride) + c]);
            }
        }
    }
}
