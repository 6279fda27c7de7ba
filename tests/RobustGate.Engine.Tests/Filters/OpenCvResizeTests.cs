using RobustGate.Engine.Imaging.Filters;

namespace RobustGate.Engine.Tests.Filters;

/// <summary>
/// cv2.resize INTER_CUBIC / INTER_LINEAR on uint8 against OpenCV 4.6 (TestData/resize.npz):
/// integer and SSE2-float paths reproduced, so every byte must match — on small random images
/// (whole result) and on windows of the frost texture scaled as imagecorruptions (×1.1, cubic) and
/// the CIFAR generator (×0.2, linear) scale it.
/// </summary>
public sealed class OpenCvResizeTests
{
    private static readonly Dictionary<string, NpyArray> Reference = NpyArray.LoadNpz("resize.npz");

    [Theory]
    [InlineData("cubic_up", true)]
    [InlineData("cubic_down", true)]
    [InlineData("linear_up", false)]
    public void WholeResultMatchesOpenCv(string key, bool cubic)
    {
        var input = Reference["noise"];
        var expected = Reference[key];
        int oh = expected.Shape[0], ow = expected.Shape[1];
        var actual = new byte[oh * ow * 3];
        if (cubic)
        {
            OpenCvResize.Cubic(input.AsBytes(), input.Shape[0], input.Shape[1], 3, oh, ow, actual, 0, 0, oh, ow);
        }
        else
        {
            OpenCvResize.LinearScaled(input.AsBytes(), input.Shape[0], input.Shape[1], 3, 2.3, 1.7, actual, 0, 0, oh, ow);
        }

        Assert.Equal(expected.AsBytes(), actual);
    }

    [Fact]
    public void LinearFifthMatchesOpenCv()
    {
        var input = Reference["noise"];
        Assert.Equal((3, 3), OpenCvResize.ScaledSize(13, 17, 0.2, 0.2));
        var actual = new byte[27];
        OpenCvResize.LinearScaled(input.AsBytes(), 13, 17, 3, 0.2, 0.2, actual, 0, 0, 3, 3);
        Assert.Equal(Reference["linear_fifth"].AsBytes(), actual);
    }

    [Fact]
    public void FrostTextureCubicWindowMatchesOpenCv()
    {
        var source = Texture("frost_source", 175, 500);
        var size = Reference["frost_size"].Values;
        int oh = (int)size[0], ow = (int)size[1];
        var expected = Reference["frost_window"];
        var actual = new byte[expected.Values.Length];
        OpenCvResize.Cubic(source, 315, 560, 3, oh, ow, actual, 200, 560, expected.Shape[0], expected.Shape[1]);
        Assert.Equal(expected.AsBytes(), actual);
    }

    [Fact]
    public void FrostTextureLinearFifthWindowMatchesOpenCv()
    {
        var source = Texture("frost_fifth_source", 245, 445);
        var size = Reference["frost_fifth_size"].Values;
        Assert.Equal(((int)size[0], (int)size[1]), OpenCvResize.ScaledSize(315, 560, 0.2, 0.2));
        var expected = Reference["frost_fifth_window"];
        var actual = new byte[expected.Values.Length];
        OpenCvResize.LinearScaled(source, 315, 560, 3, 0.2, 0.2, actual, 50, 90, expected.Shape[0], expected.Shape[1]);
        Assert.Equal(expected.AsBytes(), actual);
    }

    /// <summary>The stored crop of frost3.png placed at its position in a zeroed 315×560 texture.</summary>
    private static byte[] Texture(string key, int top, int left)
    {
        Assert.Equal([315, 560, 3], Array.ConvertAll(Reference["frost_shape"].Values, v => (int)v));
        var crop = Reference[key];
        var texture = new byte[315 * 560 * 3];
        var bytes = crop.AsBytes();
        for (var y = 0; y < crop.Shape[0]; y++)
        {
            bytes.AsSpan(y * crop.Shape[1] * 3, crop.Shape[1] * 3).CopyTo(texture.AsSpan((((top + y) * 560) + left) * 3));
        }

        return texture;
    }
}
