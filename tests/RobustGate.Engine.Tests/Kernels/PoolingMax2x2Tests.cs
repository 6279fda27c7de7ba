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
    [InlineData(3, 3, 0.1)]
    [InlineData(4, 30, 0.1)] // 15 outputs a row: one vector spills into the next row
    [InlineData(15, 15, 0.1)]
    [InlineData(6, 34, 0.1)] // 17 outputs a row: a full vector and an overlapping one
    [InlineData(5, 47, 0.1)]
    [InlineData(2, 62, 0.1)]
    public unsafe void Fast_path_equals_the_general_loop(int height, int width, double specialShare)
    {
        var g = new PoolingGeometry(1, 1, height, width, 2, 2, 2, 2);
        if (!PoolingMax2x2.Applies(g))
        {
            return; // no AVX-512 here: PoolingMax never takes the fast path, so there is nothing to compare
        }

        var input = KernelTestData.PoolingInput(height * width, (height * 1000) + width, specialShare);

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

        KernelTestData.AssertSamePooling(general, generalIndex, fast, fastIndex, $"{height}x{width}");
    }

    [Fact]
    public unsafe void Every_small_plane_size_equals_the_general_loop()
    {
        for (var height = 2; height <= 12; height++)
        {
            for (var width = 2; width <= 40; width++)
            {
                Fast_path_equals_the_general_loop(height, width, 0.1);
            }
        }
    }

    [Fact]
    public void Spilled_lanes_never_reach_the_next_plane()
    {
        // Many narrow planes pooled in parallel: each plane's outputs must equal that plane pooled alone.
        var g = new PoolingGeometry(3, 5, 14, 14, 2, 2, 2, 2);
        var random = new Random(7);
        var input = new float[g.Planes * 14 * 14];
        for (var i = 0; i < input.Length; i++)
        {
            input[i] = (float)random.NextDouble();
        }

        var output = new float[g.OutputSize];
        var indices = new int[g.OutputSize];
        PoolingMax.Forward(g, input, output, indices);

        var single = new PoolingGeometry(1, 1, 14, 14, 2, 2, 2, 2);
        for (var plane = 0; plane < g.Planes; plane++)
        {
            var expected = new float[49];
            var expectedIndex = new int[49];
            PoolingMax.Forward(single, input.AsSpan(plane * 196, 196), expected, expectedIndex);
            Assert.Equal(expected, output.AsSpan(plane * 49, 49).ToArray());
            Assert.Equal(expectedIndex, indices.AsSpan(plane * 49, 49).ToArray());
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
