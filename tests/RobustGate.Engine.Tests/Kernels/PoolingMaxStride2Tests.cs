using RobustGate.Engine.Kernels;

namespace RobustGate.Engine.Tests.Kernels;

/// <summary>
/// The stride-2 vector pool must give exactly the general loop's values and indices — NaN (last NaN tap), ±0 and
/// repeated maxima (first tap), windows cut by the top, bottom, left and right padding, overlapping last vectors,
/// rows whose loads would leave the plane — for the ResNet stem pool and other stride-2 windows.
/// </summary>
public sealed class PoolingMaxStride2Tests
{
    [Theory]
    [InlineData(112, 112, 3, 3, 2, 1, 1, false)] // the ResNet stem pool
    [InlineData(33, 40, 3, 3, 2, 1, 1, false)]
    [InlineData(35, 35, 3, 3, 2, 0, 0, false)]
    [InlineData(36, 37, 3, 3, 2, 1, 1, true)]
    [InlineData(9, 64, 2, 2, 2, 1, 1, false)]
    [InlineData(5, 70, 4, 4, 2, 2, 2, false)]
    [InlineData(11, 33, 3, 2, 1, 1, 1, false)] // stride 1 down the rows, 2 along them
    [InlineData(6, 47, 1, 3, 2, 0, 1, true)]
    [InlineData(3, 32, 3, 3, 2, 1, 1, false)] // a single vector that must stay inside the plane
    public unsafe void Vector_path_equals_the_general_loop(int height, int width, int kernelH, int kernelW, int strideH, int padH, int padW, bool ceil)
    {
        var g = new PoolingGeometry(1, 1, height, width, kernelH, kernelW, strideH, 2, padH, padW, CeilMode: ceil);
        if (!PoolingMaxStride2.Applies(g))
        {
            Assert.False(System.Runtime.Intrinsics.X86.Avx512F.IsSupported, $"{g} should take the vector path");
            return;
        }

        foreach (var specialShare in new[] { 0.0, 0.05, 0.3 })
        {
            var input = KernelTestData.PoolingInput(height * width, (height * 1000) + width + (int)(specialShare * 100), specialShare, negativeInfinity: true);

            var outputs = g.OutH * g.OutW;
            float[] fast = new float[outputs], general = new float[outputs];
            int[] fastIndex = new int[outputs], generalIndex = new int[outputs];
            var rows = PoolingMax.TapRanges(g.OutH, strideH, padH, 1, kernelH, height);
            var cols = PoolingMax.TapRanges(g.OutW, 2, padW, 1, kernelW, width);
            fixed (float* pin = input, pf = fast, pg = general)
            fixed (int* fi = fastIndex, gi = generalIndex)
            {
                PoolingMaxStride2.ForwardPlane(g, rows, cols, pin, pf, fi);
                PoolingMax.ForwardPlane(g, rows, cols, pin, pg, gi);
            }

            KernelTestData.AssertSamePooling(general, generalIndex, fast, fastIndex, $"{g} (specials {specialShare})");
        }
    }

    [Fact]
    public void Many_planes_in_parallel_equal_each_plane_alone()
    {
        var g = new PoolingGeometry(2, 3, 40, 38, 3, 3, 2, 2, 1, 1);
        var random = new Random(11);
        var input = new float[g.InputSize];
        for (var i = 0; i < input.Length; i++)
        {
            input[i] = (float)random.NextDouble();
        }

        var output = new float[g.OutputSize];
        var indices = new int[g.OutputSize];
        PoolingMax.Forward(g, input, output, indices);

        var single = g with { Batch = 1, Channels = 1 };
        var (planeIn, planeOut) = (40 * 38, g.OutH * g.OutW);
        for (var plane = 0; plane < g.Planes; plane++)
        {
            var expected = new float[planeOut];
            var expectedIndex = new int[planeOut];
            PoolingMax.Forward(single, input.AsSpan(plane * planeIn, planeIn), expected, expectedIndex);
            Assert.Equal(expected, output.AsSpan(plane * planeOut, planeOut).ToArray());
            Assert.Equal(expectedIndex, indices.AsSpan(plane * planeOut, planeOut).ToArray());
        }
    }

    [Fact]
    public void Narrow_dilated_or_stride_one_pools_take_the_general_loop()
    {
        Assert.False(PoolingMaxStride2.Applies(new PoolingGeometry(1, 1, 20, 20, 3, 3, 2, 2, 1, 1))); // 10 outputs a row
        Assert.False(PoolingMaxStride2.Applies(new PoolingGeometry(1, 1, 64, 64, 3, 3, 1, 1, 1, 1)));
        Assert.False(PoolingMaxStride2.Applies(new PoolingGeometry(1, 1, 64, 64, 3, 3, 2, 2, 1, 1, 2, 2)));
        Assert.False(PoolingMaxStride2.Applies(new PoolingGeometry(1, 1, 64, 64, 5, 5, 2, 2, 2, 2))); // 25 taps
    }
}
