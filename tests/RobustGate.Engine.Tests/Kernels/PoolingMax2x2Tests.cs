using RobustGate.Engine.Kernels;

namespace RobustGate.Engine.Tests.Kernels;

/// <summary>
/// The 2×2 stride-2 fast path must give exactly the bits and indices of the general loop —
/// including NaN (last NaN tap wins), ±0 ties (+0 is the maximum, the first zero tap is the
/// index) and repeated maxima (first tap) — for widths that exercise the 16-wide body and the tail.
/// </summary>
public sealed class PoolingMax2x2Tests
{
    [Theory]
    [InlineData(2, 2, 0.0)]
    [InlineData(28, 28, 0.0)]
    [InlineData(14, 14, 0.05)]
    [InlineData(7, 66, 0.1)]
    [InlineData(9, 35, 0.3)]
    [InlineData(32, 64, 0.02)]
    public unsafe void Fast_path_equals_the_general_loop(int height, int width, double specialShare)
    {
        var g = new PoolingGeometry(1, 1, height, width, 2, 2, 2, 2);
        if (!PoolingMax2x2.Applies(g))
        {
            return; // no AVX-512 here: PoolingMax never takes the fast path, so there is nothing to compare
        }

        var random = new Random(height * 1000 + width);
        float[] specials = [float.NaN, 0f, -0f, 1f, -1f];
        var input = new float[height * width];
        for (var i = 0; i < input.Length; i++)
        {
            input[i] = random.NextDouble() < specialShare
                ? specials[random.Next(specials.Length)]
                : (float)Math.Round((random.NextDouble() * 4) - 2, 1); // coarse values make ties common
        }

        var outputs = g.OutH * g.OutW;
        float[] fast = new float[outputs], general = new float[outputs];
        int[] fastIndex = new int[outputs], generalIndex = new int[outputs];
        var rows = PoolingMax.TapRanges(g.OutH, 2, 0, 1, 2, height);
        var cols = PoolingMax.TapRanges(g.OutW, 2, 0, 1, 2, width);
        fixed (float* pin = input, pf = fast, pg = general)
        fixed (int* fi = fastIndex, gi = generalIndex)
        {
            PoolingMax2x2.ForwardPlane(g, pin, pf, fi);
            PoolingMax.ForwardPlane(g, rows, cols, pin, pg, gi);
        }

        for (var o = 0; o < outputs; o++)
        {
            Assert.Equal(BitConverter.SingleToInt32Bits(general[o]) & (float.IsNaN(general[o]) ? 0 : -1), BitConverter.SingleToInt32Bits(fast[o]) & (float.IsNaN(fast[o]) ? 0 : -1));
            Assert.Equal(float.IsNaN(general[o]), float.IsNaN(fast[o]));
            Assert.Equal(generalIndex[o], fastIndex[o]);
        }
    }

    [Fact]
    public void Padded_strided_or_dilated_pools_take_the_general_loop()
    {
        Assert.False(PoolingMax2x2.Applies(new PoolingGeometry(1, 1, 8, 8, 3, 3, 2, 2, 1, 1)));
        Assert.False(PoolingMax2x2.Applies(new PoolingGeometry(1, 1, 8, 8, 2, 2, 1, 1)));
        Assert.False(PoolingMax2x2.Applies(new PoolingGeometry(1, 1, 7, 7, 2, 2, 2, 2, CeilMode: true)));
    }
}
