using RobustGate.Engine.Kernels;

namespace RobustGate.Engine.Tests.Kernels;

/// <summary>
/// im2col's shifted-plane vector path (<see cref="ShiftedTap"/>) must write exactly what the general path writes —
/// the same bits in the same places, and nothing outside an image's own columns — for maps narrower and wider
/// than a vector, asymmetric and dilated kernels, output heights that differ from the input's, several images
/// side by side at column offsets that are not multiples of sixteen, and operands taller than one K block.
/// </summary>
public sealed class ShiftedTapTests
{
    public static TheoryData<int, int, int, int, int, int, int, int, int> Geometries => new()
    {
        // channels, height, width, kernelH, kernelW, padH, padW, dilationH, dilationW
        { 2, 14, 14, 3, 3, 1, 1, 1, 1 },
        { 1, 28, 28, 3, 3, 1, 1, 1, 1 },
        { 3, 32, 32, 3, 3, 1, 1, 1, 1 },
        { 30, 5, 6, 3, 3, 1, 1, 1, 1 }, // 270 rows: the operand spans two K blocks
        { 2, 5, 7, 5, 5, 2, 2, 1, 1 },
        { 2, 9, 20, 3, 3, 0, 1, 1, 1 }, // output 7 rows high
        { 1, 4, 33, 1, 3, 0, 1, 1, 1 },
        { 2, 3, 16, 3, 3, 2, 2, 2, 2 },
        { 2, 2, 2, 3, 3, 1, 1, 1, 1 },
        { 1, 1, 1, 3, 3, 1, 1, 1, 1 },
        { 2, 40, 3, 3, 3, 1, 1, 1, 1 },
        { 2, 6, 17, 3, 3, 3, 1, 1, 1 }, // padding beyond the kernel's reach: whole rows of zeros
        { 3, 7, 7, 1, 1, 0, 0, 1, 1 },
    };

    [Theory]
    [MemberData(nameof(Geometries))]
    public unsafe void Packed_expansion_equals_the_general_path(int channels, int height, int width, int kernelH, int kernelW, int padH, int padW, int dilationH, int dilationW)
    {
        const int images = 3;
        if (!ShiftedGeometry(images, channels, height, width, kernelH, kernelW, padH, padW, dilationH, dilationW, out var g))
        {
            return; // no AVX-512 here: im2col always takes the general path
        }

        var input = KernelTestData.Uniform((int)g.InputSize, (height * 100) + width);
        var pixels = g.OutH * g.OutW;
        var depth = channels * kernelH * kernelW;
        var masks = ShiftedTap.ColumnMasks(g);
        foreach (var nr in new[] { 16, 32 })
        {
            foreach (var firstImageColumn in new[] { 0, 5 })
            {
                var layout = new PackedPanelLayout(depth, firstImageColumn + (images * pixels), nr);
                var expected = Sentinels(layout.Length);
                var actual = Sentinels(layout.Length);
                fixed (float* pi = input, pe = expected, pa = actual)
                fixed (int* pm = masks)
                {
                    for (var i = 0; i < images; i++)
                    {
                        for (var c = 0; c < channels; c++)
                        {
                            var image = pi + ((long)i * channels * height * width);
                            var row = c * kernelH * kernelW;
                            var column = firstImageColumn + (i * pixels);
                            Im2Col.ExpandPacked(g, image, c, pe, layout, row, column);
                            Im2Col.ExpandPacked(g, image, c, pa, layout, row, column, pm);
                        }
                    }
                }

                KernelTestData.AssertBitIdentical(expected, actual, $"NR {nr}, first column {firstImageColumn}");
            }
        }
    }

    [Theory]
    [MemberData(nameof(Geometries))]
    public unsafe void Row_expansion_equals_the_general_path(int channels, int height, int width, int kernelH, int kernelW, int padH, int padW, int dilationH, int dilationW)
    {
        const int images = 3;
        if (!ShiftedGeometry(images, channels, height, width, kernelH, kernelW, padH, padW, dilationH, dilationW, out var g))
        {
            return; // no AVX-512 here: im2col always takes the general path
        }

        var input = KernelTestData.Uniform((int)g.InputSize, (height * 100) + width);
        var pixels = g.OutH * g.OutW;
        var taps = kernelH * kernelW;
        var ld = (images * pixels) + 3; // a row pitch that is not a multiple of sixteen
        var expected = Sentinels(channels * taps * ld);
        var actual = Sentinels(channels * taps * ld);
        var masks = ShiftedTap.ColumnMasks(g);
        fixed (float* pi = input, pe = expected, pa = actual)
        fixed (int* pm = masks)
        {
            for (var i = 0; i < images; i++)
            {
                for (var c = 0; c < channels; c++)
                {
                    var image = pi + ((long)i * channels * height * width);
                    Im2Col.Expand(g, image, c, pe + ((long)c * taps * ld), ld, i * pixels);
                    Im2Col.Expand(g, image, c, pa + ((long)c * taps * ld), ld, i * pixels, pm);
                }
            }
        }

        KernelTestData.AssertBitIdentical(expected, actual, "rows");
    }

    [Theory]
    [MemberData(nameof(Geometries))]
    public unsafe void Col2im_equals_the_general_path(int channels, int height, int width, int kernelH, int kernelW, int padH, int padW, int dilationH, int dilationW)
    {
        const int images = 3;
        if (!ShiftedGeometry(images, channels, height, width, kernelH, kernelW, padH, padW, dilationH, dilationW, out var g))
        {
            return; // no AVX-512 here: im2col always takes the general path
        }

        var pixels = g.OutH * g.OutW;
        var taps = kernelH * kernelW;
        var ld = images * pixels;

        // Column values everywhere, padding positions included (a GEMM writes them), with signed zeros among them.
        var random = new Random(pixels + taps);
        var cols = new float[channels * taps * ld];
        for (var i = 0; i < cols.Length; i++)
        {
            cols[i] = random.Next(8) == 0 ? -0f : (float)(random.NextDouble() * 2) - 1f;
        }

        var expected = Sentinels(g.InputSize);
        var actual = Sentinels(g.InputSize);
        var masks = ShiftedTap.ColumnMasks(g);
        fixed (float* pc = cols, pe = expected, pa = actual)
        fixed (int* pm = masks)
        {
            for (var i = 0; i < images; i++)
            {
                for (var c = 0; c < channels; c++)
                {
                    var rows = pc + ((long)c * taps * ld) + (i * pixels);
                    var offset = (long)i * channels * height * width;
                    Im2Col.Accumulate(g, rows, ld, pe + offset, c);
                    Im2Col.Accumulate(g, rows, ld, pa + offset, c, pm);
                }
            }
        }

        KernelTestData.AssertBitIdentical(expected, actual, "col2im");
    }

    [Fact]
    public void Applies_only_to_stride_one_same_width_geometries()
    {
        if (!System.Runtime.Intrinsics.X86.Avx512F.IsSupported)
        {
            Assert.False(ShiftedTap.Applies(new ConvGeometry(1, 1, 8, 8, 1, 3, 3, 1, 1, 1, 1)));
            return;
        }

        Assert.True(ShiftedTap.Applies(new ConvGeometry(1, 1, 8, 8, 1, 3, 3, 1, 1, 1, 1)));
        Assert.False(ShiftedTap.Applies(new ConvGeometry(1, 1, 8, 8, 1, 3, 3, 2, 2, 1, 1))); // stride 2
        Assert.False(ShiftedTap.Applies(new ConvGeometry(1, 1, 8, 8, 1, 3, 3, 1, 1, 0, 0))); // output narrower
        Assert.True(ShiftedTap.Applies(new ConvGeometry(1, 1, 8, 8, 1, 3, 3, 1, 1, 0, 1))); // only the width must match
    }

    /// <summary>The case's geometry, and whether the vector path takes it: always, where there is AVX-512.</summary>
    private static bool ShiftedGeometry(int images, int channels, int height, int width, int kernelH, int kernelW, int padH, int padW, int dilationH, int dilationW, out ConvGeometry g)
    {
        g = new ConvGeometry(images, channels, height, width, 4, kernelH, kernelW, 1, 1, padH, padW, dilationH, dilationW);
        var applies = ShiftedTap.Applies(g);
        Assert.Equal(System.Runtime.Intrinsics.X86.Avx512F.IsSupported, applies); // every case is a same-width stride-1 geometry
        return applies;
    }

    /// <summary>A buffer of a NaN payload no expansion writes, so a stray or missing store shows.</summary>
    private static float[] Sentinels(long length)
    {
        var buffer = new float[length];
        Array.Fill(buffer, BitConverter.Int32BitsToSingle(0x7FC0_1234));
        return buffer;
    }
}
