using RobustGate.Engine.Kernels;

namespace RobustGate.Engine.Tests.Kernels;

/// <summary>
/// im2col and col2im against their definition, element by element and bit for bit, for strided geometries
/// (stride 2 takes the even-lane vector path, stride 3 the scalar loop) with padding, dilation and rows narrower
/// and wider than a vector: column row (c, r, s), column (y, x) holds input (y S + r D - P, x S + s D - P) or zero;
/// col2im adds every column value back onto that pixel, taps in (r, s) order, rows and columns ascending.
/// </summary>
public sealed class Im2ColTests
{
    public static TheoryData<int, int, int, int, int, int> Geometries => new()
    {
        // height, width, kernel, stride, pad, dilation
        { 32, 32, 3, 2, 1, 1 },
        { 224, 40, 7, 2, 3, 1 },
        { 9, 9, 1, 2, 0, 1 },
        { 17, 70, 3, 2, 1, 2 },
        { 8, 5, 3, 2, 1, 1 },
        { 12, 45, 3, 3, 1, 1 },
    };

    [Theory]
    [MemberData(nameof(Geometries))]
    public unsafe void Packed_and_row_expansions_hold_the_definition(int height, int width, int kernel, int stride, int pad, int dilation)
    {
        const int channels = 2;
        const int images = 2;
        var g = new ConvGeometry(images, channels, height, width, 3, kernel, kernel, stride, stride, pad, pad, dilation, dilation);
        var input = KernelTestData.Uniform((int)g.InputSize, 5);
        var pixels = g.OutH * g.OutW;
        var depth = channels * kernel * kernel;
        var width2 = images * pixels;
        var layout = new PackedPanelLayout(depth, width2, 32);
        var packed = new float[layout.Length];
        var rows = new float[depth * width2];
        fixed (float* pi = input, pp = packed, pr = rows)
        {
            for (var i = 0; i < images; i++)
            {
                for (var c = 0; c < channels; c++)
                {
                    var image = pi + ((long)i * channels * height * width);
                    Im2Col.ExpandPacked(g, image, c, pp, layout, c * kernel * kernel, i * pixels);
                    Im2Col.Expand(g, image, c, pr + ((long)c * kernel * kernel * width2), width2, i * pixels);
                }
            }
        }

        for (var i = 0; i < images; i++)
        {
            for (var c = 0; c < channels; c++)
            {
                for (var r = 0; r < kernel; r++)
                {
                    for (var s = 0; s < kernel; s++)
                    {
                        var row = (((c * kernel) + r) * kernel) + s;
                        for (var y = 0; y < g.OutH; y++)
                        {
                            for (var x = 0; x < g.OutW; x++)
                            {
                                var (iy, ix) = ((y * stride) + (r * dilation) - pad, (x * stride) + (s * dilation) - pad);
                                var expected = (uint)iy < (uint)height && (uint)ix < (uint)width
                                    ? input[((((i * channels) + c) * height) + iy) * width + ix]
                                    : 0f;
                                var column = (i * pixels) + (y * g.OutW) + x;
                                Assert.Equal(expected, packed[layout.Offset(row, column)]);
                                Assert.Equal(expected, rows[((long)row * width2) + column]);
                            }
                        }
                    }
                }
            }
        }
    }

    [Theory]
    [MemberData(nameof(Geometries))]
    public unsafe void Col2im_adds_in_the_defined_order(int height, int width, int kernel, int stride, int pad, int dilation)
    {
        const int channels = 2;
        var g = new ConvGeometry(1, channels, height, width, 3, kernel, kernel, stride, stride, pad, pad, dilation, dilation);
        var pixels = g.OutH * g.OutW;
        var cols = KernelTestData.Uniform(channels * kernel * kernel * pixels, 9);
        for (var k = 0; k < cols.Length; k += 7)
        {
            cols[k] = -0f; // signed zeros must come out as the scalar sums leave them
        }

        var expected = new float[g.InputSize];
        for (var c = 0; c < channels; c++)
        {
            for (var r = 0; r < kernel; r++)
            {
                for (var s = 0; s < kernel; s++)
                {
                    for (var y = 0; y < g.OutH; y++)
                    {
                        for (var x = 0; x < g.OutW; x++)
                        {
                            var (iy, ix) = ((y * stride) + (r * dilation) - pad, (x * stride) + (s * dilation) - pad);
                            if ((uint)iy < (uint)height && (uint)ix < (uint)width)
                            {
                                expected[(((c * height) + iy) * width) + ix] += cols[(((((c * kernel) + r) * kernel) + s) * pixels) + (y * g.OutW) + x];
                            }
                        }
                    }
                }
            }
        }

        var actual = new float[g.InputSize];
        Array.Fill(actual, float.NaN);
        fixed (float* pc = cols, pa = actual)
        {
            for (var c = 0; c < channels; c++)
            {
                Im2Col.Accumulate(g, pc + ((long)c * kernel * kernel * pixels), pixels, pa, c);
            }
        }

        KernelTestData.AssertBitIdentical(expected, actual, "col2im");
    }
}
