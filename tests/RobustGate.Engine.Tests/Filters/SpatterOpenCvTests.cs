using RobustGate.Engine.Imaging.Filters;

namespace RobustGate.Engine.Tests.Filters;

/// <summary>
/// The OpenCV steps of spatter's water mode against OpenCV 4.6 (TestData/spatter.npz), each fed
/// with OpenCV's own output of the step before, on a smoothed liquid layer and on a noisy image.
/// These are integer or exactly representable computations, so every value must match.
/// </summary>
public sealed class SpatterOpenCvTests
{
    private static readonly Dictionary<string, NpyArray> Reference = NpyArray.LoadNpz("spatter.npz");

    [Theory]
    [InlineData("l8", "canny", 50, 150)]
    [InlineData("noisy", "noisy_canny", 50, 150)]
    [InlineData("noisy", "noisy_canny_low", 10, 30)]
    public void CannyMatches(string input, string expected, double low, double high)
    {
        var source = Reference[input];
        var edges = new byte[source.Values.Length];
        OpenCvCanny.Apply(source.AsBytes(), edges, source.Shape[0], source.Shape[1], low, high);
        Assert.Equal(Reference[expected].AsBytes(), edges);
    }

    [Theory]
    [InlineData("canny", "dist")]
    [InlineData("noisy_canny", "noisy_dist")]
    public void DistanceTransformMatches(string edgesKey, string expected)
    {
        var edges = Reference[edgesKey];
        var inverted = Array.ConvertAll(edges.AsBytes(), v => (byte)(255 - v));
        var distance = new float[inverted.Length];
        OpenCvDistanceTransform.Chamfer5(inverted, distance, edges.Shape[0], edges.Shape[1]);
        Assert.Equal(Reference[expected].AsSingles(), distance);
    }

    [Fact]
    public void FloatBoxBlurMatches()
    {
        var dist = Reference["dist"];
        var truncated = Array.ConvertAll(dist.AsSingles(), v => Math.Min(v, 20f));
        var blurred = new float[truncated.Length];
        OpenCvBoxBlur.Apply(truncated, blurred, dist.Shape[0], dist.Shape[1], 1, 3);
        Assert.Equal(Reference["blur_f32"].AsSingles(), blurred);
    }

    [Theory]
    [InlineData("blur_f32", "equalized")]
    [InlineData("noisy", "noisy_equalized")]
    public void EqualizeHistMatches(string input, string expected)
    {
        var source = Array.ConvertAll(Reference[input].Values, v => (byte)v);
        var result = new byte[source.Length];
        OpenCvEqualizeHist.Apply(source, result);
        Assert.Equal(Reference[expected].AsBytes(), result);
    }

    [Fact]
    public void EmbossAndByteBoxBlurMatch()
    {
        var equalized = Reference["equalized"];
        int h = equalized.Shape[0], w = equalized.Shape[1];
        var embossed = new byte[h * w];
        OpenCvFilter2DBytes.Apply(equalized.AsBytes(), embossed, h, w, 1, [-2, -1, 0, -1, 1, 1, 0, 1, 2], 3, 3);
        Assert.Equal(Reference["emboss"].AsBytes(), embossed);
        var blurred = new byte[h * w];
        OpenCvBoxBlur.Apply(embossed, blurred, h, w, 1, 3);
        Assert.Equal(Reference["blur_u8"].AsBytes(), blurred);
    }

    [Fact]
    public void EqualizeHistOfOneLevelKeepsIt()
    {
        var result = new byte[4];
        OpenCvEqualizeHist.Apply(new byte[] { 7, 7, 7, 7 }, result);
        Assert.Equal(new byte[] { 7, 7, 7, 7 }, result);
    }
}
