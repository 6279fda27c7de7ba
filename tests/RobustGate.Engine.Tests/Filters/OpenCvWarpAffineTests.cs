using RobustGate.Engine.Imaging.Filters;

namespace RobustGate.Engine.Tests.Filters;

/// <summary>
/// getAffineTransform and warpAffine (bilinear, BORDER_REFLECT_101, float32) against OpenCV 4.6
/// (TestData/warp.npz) for the published generator's elastic_transform point layout, with
/// perturbations from 1.5 px to 12 px so that many samples reflect across the borders.
/// </summary>
public sealed class OpenCvWarpAffineTests
{
    private static readonly Dictionary<string, NpyArray> Reference = NpyArray.LoadNpz("warp.npz");

    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    [InlineData(2)]
    public void AffineTransformMatchesOpenCv(int i)
    {
        var m = OpenCvWarpAffine.GetAffineTransform(Reference[$"src_{i}"].AsSingles(), Reference[$"dst_{i}"].AsSingles());

        // OpenCV's Debian build solves the 6×6 system with LAPACK: same pivoting, possibly a
        // different last bit. 1e-12 absolute on coordinates of tens of pixels.
        Compare.Close(Reference[$"m_{i}"].Values, m, 1e-12, 1e-12, "matrix");
    }

    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    [InlineData(2)]
    public void WarpMatchesOpenCv(int i)
    {
        var photo = Reference["photo"];
        int h = photo.Shape[0], w = photo.Shape[1];
        var x = Array.ConvertAll(Compare.ToUnit(photo.AsBytes()), v => (float)v);
        var actual = new float[x.Length];
        OpenCvWarpAffine.Apply(x, h, w, 3, Reference[$"m_{i}"].Values, actual, h, w);

        // Fixed-point positions and float32 blending in OpenCV's order: identical floats.
        Assert.Equal(Reference[$"warp_{i}"].AsSingles(), actual);
    }

    [Fact]
    public void IdentityMatrixCopiesTheImage()
    {
        var x = new float[] { 0.1f, 0.2f, 0.3f, 0.4f, 0.5f, 0.6f };
        var actual = new float[6];
        OpenCvWarpAffine.Apply(x, 2, 3, 1, [1, 0, 0, 0, 1, 0], actual, 2, 3);
        Assert.Equal(x, actual);
    }
}
