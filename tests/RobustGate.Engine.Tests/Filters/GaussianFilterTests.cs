using RobustGate.Engine.Imaging.Filters;

namespace RobustGate.Engine.Tests.Filters;

/// <summary>
/// scipy.ndimage.gaussian_filter and skimage.filters.gaussian against outputs of scipy 1.10 /
/// scikit-image 0.19 (TestData/gaussian.npz, made by make_reference.py). The operation order is
/// scipy's, so the only freedom left is the last bit of exp() in the kernel (numpy's SIMD exp
/// vs. the C library's): 1e-14 relative covers that with margin while catching any real error.
/// </summary>
public sealed class GaussianFilterTests
{
    private const double Relative = 1e-14;
    private const double Absolute = 1e-16;

    private static readonly Dictionary<string, NpyArray> Reference = NpyArray.LoadNpz("gaussian.npz");

    [Theory]
    [InlineData(0.5)]
    [InlineData(1.0)]
    [InlineData(2.44)]
    [InlineData(3.7)]
    [InlineData(6.0)]
    public void KernelMatchesScipy(double sigma)
    {
        var expected = Reference[$"kernel_{sigma.ToString(System.Globalization.CultureInfo.InvariantCulture)}"].Values;
        Compare.Close(expected, GaussianFilter.Kernel(sigma), Absolute, Relative, $"kernel {sigma}");
    }

    [Theory]
    [InlineData("reflect", BorderMode.Reflect)]
    [InlineData("mirror", BorderMode.Mirror)]
    [InlineData("nearest", BorderMode.Nearest)]
    [InlineData("constant", BorderMode.Constant)]
    [InlineData("wrap", BorderMode.Wrap)]
    public void ScipyModesOnNoise(string name, BorderMode mode)
    {
        var input = Reference["noise"];
        var x = Compare.ToUnit(input.AsBytes());
        var actual = new double[x.Length];
        GaussianFilter.Apply(x, actual, input.Shape[0], input.Shape[1], 3, 1.7, 0.9, mode, 4.0, 0.25);
        Compare.Close(Reference["scipy_" + name].Values, actual, Absolute, Relative, name);
    }

    [Fact]
    public void KernelsWiderThanTheImageExtendPeriodically()
    {
        var input = Reference["noise"];
        int h = input.Shape[0], w = input.Shape[1];
        var x = Compare.ToUnit(input.AsBytes());
        var plane = new double[h * w];
        for (var i = 0; i < plane.Length; i++)
        {
            plane[i] = x[i * 3];
        }

        var actual = new double[plane.Length];
        GaussianFilter.Apply(plane, actual, h, w, 1, 9.0, 12.5, BorderMode.Reflect, 3.0);
        Compare.Close(Reference["scipy_wide_reflect"].Values, actual, Absolute, Relative, "wide reflect");
        GaussianFilter.Apply(plane, actual, h, w, 1, 11.0, 11.0, BorderMode.Mirror);
        Compare.Close(Reference["scipy_wide_mirror"].Values, actual, Absolute, Relative, "wide mirror");
    }

    [Theory]
    [InlineData(0.4)]
    [InlineData(1.0)]
    [InlineData(3.0)]
    [InlineData(6.0)]
    public void SkimageOnPhoto(double sigma)
    {
        var input = Reference["photo"];
        var x = Compare.ToUnit(input.AsBytes());
        var actual = new double[x.Length];
        SkimageGaussian.Apply(x, actual, input.Shape[0], input.Shape[1], 3, sigma);
        Compare.Close(Reference[$"sk_photo_{sigma.ToString(System.Globalization.CultureInfo.InvariantCulture)}"].Values, actual, Absolute, Relative, $"sigma {sigma}");
    }

    [Fact]
    public void SkimageInPlaceGivesTheSameResult()
    {
        var input = Reference["photo"];
        var x = Compare.ToUnit(input.AsBytes());
        SkimageGaussian.Apply(x, x, input.Shape[0], input.Shape[1], 3, 3.0);
        Compare.Close(Reference["sk_photo_3"].Values, x, Absolute, Relative, "in place");
    }

    [Fact]
    public void SkimageFloat32RoundsBetweenAxesLikeScipy()
    {
        var input = Reference["noise"];
        var x = Array.ConvertAll(Compare.ToUnit(input.AsBytes()), v => (float)v);
        var actual = new float[x.Length];
        SkimageGaussian.Apply(x, actual, input.Shape[0], input.Shape[1], 3, 1.5);

        // Every value is a float32 rounding of a double that agrees to 1e-14, so at most one
        // float32 ulp (6e-8 relative) can differ where the double sits on a rounding boundary.
        Compare.Close(Reference["sk_float32"].AsSingles(), actual, 0, 1.2e-7, "float32");
    }

    [Fact]
    public void SkimageConvertsUint8WithImgAsFloat()
    {
        var input = Reference["noise"];
        var actual = new double[input.Values.Length];
        SkimageGaussian.Apply(input.AsBytes(), actual, input.Shape[0], input.Shape[1], 3, 0.7);
        Compare.Close(Reference["sk_uint8"].Values, actual, Absolute, Relative, "uint8");
    }

    [Fact]
    public void ZeroSigmaIsIdentity()
    {
        var x = new double[] { 0.1, 0.7, 0.3, 0.9, 0.2, 0.4 };
        var actual = new double[x.Length];
        GaussianFilter.Apply(x, actual, 2, 3, 1, 0, 0, BorderMode.Nearest);
        Assert.Equal(x, actual);
    }

    [Fact]
    public void RejectsMismatchedBuffers()
    {
        Assert.Throws<ArgumentException>(() => GaussianFilter.Apply(new double[6], new double[5], 2, 3, 1, 1, 1, BorderMode.Nearest));
    }
}
