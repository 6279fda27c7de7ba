using RobustGate.Engine.Imaging.Filters;

namespace RobustGate.Engine.Tests.Filters;

/// <summary>
/// map_coordinates(order=1) against scipy 1.10 (TestData/map_coordinates.npz): displacements of
/// up to ±9 px on a 21×19 image, so a large share of samples fold across the borders, plus
/// hand-picked edge coordinates (exact edges, −1e-16, far outside). Float32 outputs must be
/// identical; float64 agree to 1e-15 relative.
/// </summary>
public sealed class MapCoordinatesTests
{
    private static readonly Dictionary<string, NpyArray> Reference = NpyArray.LoadNpz("map_coordinates.npz");

    [Theory]
    [InlineData("reflect", BorderMode.Reflect)]
    [InlineData("mirror", BorderMode.Mirror)]
    [InlineData("nearest", BorderMode.Nearest)]
    public void Float32MatchesScipy(string name, BorderMode mode)
    {
        var photo = Reference["photo"];
        var x = Array.ConvertAll(Compare.ToUnit(photo.AsBytes()), v => (float)v);
        var actual = new float[x.Length];
        MapCoordinates.Linear(x, photo.Shape[0], photo.Shape[1], 3, Reference["rows"].Values, Reference["cols"].Values, actual, mode);
        Assert.Equal(Reference["f32_" + name].AsSingles(), actual);
    }

    [Fact]
    public void Float64ReflectMatchesScipy()
    {
        var photo = Reference["photo"];
        var x = Compare.ToUnit(photo.AsBytes());
        var actual = new double[x.Length];
        MapCoordinates.Linear(x, photo.Shape[0], photo.Shape[1], 3, Reference["rows"].Values, Reference["cols"].Values, actual, BorderMode.Reflect);
        Compare.Close(Reference["f64_reflect"].Values, actual, 1e-16, 1e-15, "reflect");
    }

    [Fact]
    public void ConstantModeIsRejected()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => MapCoordinates.Linear(new double[3], 1, 1, 3, new double[1], new double[1], new double[3], BorderMode.Constant));
    }
}
