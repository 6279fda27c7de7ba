using System.Globalization;
using RobustGate.Engine.Imaging.Filters;

namespace RobustGate.Engine.Tests.Filters;

/// <summary>
/// scipy.ndimage.zoom (order 1) and both clipped_zoom flavours against scipy 1.10 outputs
/// (TestData/zoom.npz). Coordinates, weights and the accumulation order are scipy's, so float64
/// results must agree to rounding noise (1e-15 relative, absolute 1e-16 for values near 0) and
/// float32 results exactly.
/// </summary>
public sealed class ZoomTests
{
    private static readonly Dictionary<string, NpyArray> Reference = NpyArray.LoadNpz("zoom.npz");

    private static double[] Photo(out int height, out int width)
    {
        var photo = Reference["photo"];
        height = photo.Shape[0];
        width = photo.Shape[1];
        return Compare.ToUnit(photo.AsBytes());
    }

    [Theory]
    [InlineData("zoom_15_1.75", 15, 15, 1.75)]
    [InlineData("zoom_13x11_2.5", 13, 11, 2.5)]
    public void ZoomMatchesScipyIncludingTheEdgeThatRoundsOutside(string key, int rows, int columns, double factor)
    {
        var x = Photo(out _, out var width);
        var expected = Reference[key];
        int zh = ScipyZoom.OutputLength(rows, factor), zw = ScipyZoom.OutputLength(columns, factor);
        Assert.Equal(expected.Shape[0], zh);
        Assert.Equal(expected.Shape[1], zw);
        var actual = new double[zh * zw * 3];
        ScipyZoom.Zoom(x, width, 3, 0, 0, rows, columns, zh, zw, actual, zh, zw);
        Compare.Close(expected.Values, actual, 1e-16, 1e-15, key);
    }

    [Fact]
    public void Float32ZoomIsExact()
    {
        var x = Array.ConvertAll(Photo(out _, out var width), v => (float)v);
        var expected = Reference["zoom_f32_9x7_3"];
        var actual = new float[27 * 21 * 3];
        ScipyZoom.Zoom(x, width, 3, 0, 0, 9, 7, 27, 21, actual, 27, 21);
        Assert.Equal(expected.AsSingles(), actual);
    }

    [Fact]
    public void ImagecorruptionsClippedZoomOnZoomBlurFactors()
    {
        var x = Array.ConvertAll(Photo(out var height, out var width), v => (float)v);
        var factors = Reference["ic_factors"].Values;
        var actual = new float[x.Length];
        for (var i = 0; i < factors.Length; i++)
        {
            ClippedZoom.Imagecorruptions(x, actual, height, width, 3, factors[i]);
            Assert.Equal(Reference[$"ic_f32_{i}"].AsSingles(), actual);
        }
    }

    [Theory]
    [InlineData(1.25)]
    [InlineData(1.75)]
    [InlineData(2.0)]
    [InlineData(2.25)]
    [InlineData(4.5)]
    public void ImagecorruptionsClippedZoomOnSnowLayer(double factor)
    {
        var layer = Reference["layer"];
        var actual = new double[layer.Values.Length];
        ClippedZoom.Imagecorruptions(layer.Values, actual, layer.Shape[0], layer.Shape[1], 1, factor);
        Compare.Close(Reference["ic_layer_" + factor.ToString(CultureInfo.InvariantCulture)].Values, actual, 1e-16, 1e-15, $"layer {factor}");
    }

    [Theory]
    [InlineData(1.06)]
    [InlineData(1.15)]
    [InlineData(1.75)]
    [InlineData(3.0)]
    public void HendrycksClippedZoomOnSquare(double factor)
    {
        var x = Photo(out _, out var width);
        const int size = 17;
        var square = new double[size * size * 3];
        for (var y = 0; y < size; y++)
        {
            x.AsSpan(y * width * 3, size * 3).CopyTo(square.AsSpan(y * size * 3));
        }

        var name = factor.ToString(CultureInfo.InvariantCulture);
        var actual = new double[square.Length];
        ClippedZoom.Hendrycks(square, actual, size, 3, factor);
        Compare.Close(Reference["h_" + name].Values, actual, 1e-16, 1e-15, $"H {factor}");

        var square32 = Array.ConvertAll(square, v => (float)v);
        var actual32 = new float[square.Length];
        ClippedZoom.Hendrycks(square32, actual32, size, 3, factor);
        Assert.Equal(Reference["h_f32_" + name].AsSingles(), actual32);
    }

    [Fact]
    public void OutputLengthRoundsHalfToEven()
    {
        Assert.Equal(2, ScipyZoom.OutputLength(5, 0.5));
        Assert.Equal(4, ScipyZoom.OutputLength(7, 0.5));
        Assert.Equal(26, ScipyZoom.OutputLength(15, 1.75));
    }

    [Fact]
    public void FactorsBelowOneAreRejected()
    {
        Assert.Throws<ArgumentException>(() => ClippedZoom.Imagecorruptions(new double[12], new double[12], 2, 2, 3, 0.5));
    }
}
