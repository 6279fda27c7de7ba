using RobustGate.Engine.Imaging;
using RobustGate.Engine.Imaging.Filters;
using RobustGate.Engine.Randomness;

namespace RobustGate.Engine.Corruptions;

/// <summary>ImageNet-C gaussian_blur (extra): skimage gaussian, mode nearest, truncate 4 (spec §3.17).</summary>
public sealed class GaussianBlur : Corruption
{
    private static readonly SeverityTable<double> Table = new(
        [1, 2, 3, 4, 6],
        [0.4, 0.6, 0.7, 0.8, 1]);

    private readonly double[] _sigmas;

    public GaussianBlur(CorruptionProfile profile)
        : base("gaussian_blur", CorruptionGroup.Extra, false, "Gaussian blur (scikit-image gaussian, nearest border)")
    {
        _sigmas = Table.For(profile);
    }

    protected override Image ApplyRgb(Image rgb, int severity, NumpyRandom rng)
    {
        using var x = new PooledBuffer<double>(rgb.Pixels.Length);
        UnitPixels.Load(rgb.Pixels, x.Span);
        SkimageGaussian.Apply(x.Span, x.Span, rgb.Height, rgb.Width, 3, _sigmas[severity - 1]);
        var output = ImagePool.Rent(rgb.Width, rgb.Height, 3);
        UnitPixels.StoreUnit(x.Span, output.Pixels);
        return output;
    }
}
