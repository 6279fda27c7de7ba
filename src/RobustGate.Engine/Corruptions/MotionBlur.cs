using RobustGate.Engine.Imaging;
using RobustGate.Engine.Imaging.Filters;
using RobustGate.Engine.Randomness;
using MotionBlurFilter = RobustGate.Engine.Imaging.Filters.MotionBlur;

namespace RobustGate.Engine.Corruptions;

/// <summary>
/// ImageNet-C motion_blur (spec §3.6): one <c>uniform(−45, 45)</c> angle, then a one-sided Gaussian
/// streak — imagecorruptions' numpy version (float64 sum, clipped, truncated) or, for Hendrycks'
/// generators, ImageMagick's MotionBlurImage as reached through Wand (8-bit in and out).
/// </summary>
public sealed class MotionBlur : Corruption
{
    private static readonly SeverityTable<(int Radius, double Sigma)> Table = new(
        [(10, 3), (15, 5), (15, 8), (15, 12), (20, 15)],
        [(6, 1), (6, 1.5), (6, 2), (8, 2), (9, 2.5)]);

    private readonly (int Radius, double Sigma)[] _parameters;
    private readonly bool _imageMagick;

    public MotionBlur(CorruptionProfile profile)
        : base("motion_blur", CorruptionGroup.Blur, true, profile == CorruptionProfile.ImageCorruptions
            ? "one-sided Gaussian motion streak (imagecorruptions' numpy version)"
            : "one-sided Gaussian motion streak (ImageMagick MotionBlurImage, as the Hendrycks generator)")
    {
        _parameters = Table.For(profile);
        _imageMagick = profile != CorruptionProfile.ImageCorruptions;
    }

    protected override Image ApplyRgb(Image rgb, int severity, NumpyRandom rng)
    {
        var (radius, sigma) = _parameters[severity - 1];
        var angle = rng.Uniform(-45, 45);
        var output = ImagePool.Rent(rgb.Width, rgb.Height, 3);
        if (_imageMagick)
        {
            ImageMagickMotionBlur.Apply(rgb.Pixels, rgb.Height, rgb.Width, 3, radius, sigma, angle, output.Pixels);
            return output;
        }

        using var blurred = new PooledBuffer<double>(rgb.Pixels.Length);
        MotionBlurFilter.Imagecorruptions(rgb.Pixels, rgb.Height, rgb.Width, 3, radius, sigma, angle, blurred.Span);
        UnitPixels.Store255(blurred.Span, output.Pixels);
        return output;
    }
}
