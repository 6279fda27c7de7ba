using System.Runtime.CompilerServices;
using RobustGate.Engine.Imaging;
using RobustGate.Engine.Imaging.Filters;

namespace RobustGate.Engine.Corruptions;

/// <summary>
/// The HSV round trip of brightness and saturate: skimage rgb2hsv, one channel changed to
/// clip(v·scale + offset, 0, 1), hsv2rgb, clip and truncate — kept in the reference's order, since
/// the algebraic shortcut changes up to 3 % of pixels by a level (spec §1.3).
/// </summary>
internal static class HsvAdjustment
{
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static Image Apply(Image rgb, int channel, double scale, double offset)
    {
        var n = rgb.Pixels.Length;
        using var buffer = new PooledBuffer<double>(n);
        var values = buffer.Span;
        UnitPixels.Load(rgb.Pixels, values);
        SkimageHsv.RgbToHsv(values, values);
        for (var i = channel; i < n; i += 3)
        {
            values[i] = Math.Clamp((values[i] * scale) + offset, 0.0, 1.0);
        }

        SkimageHsv.HsvToRgb(values, values);
        var output = ImagePool.Rent(rgb.Width, rgb.Height, 3);
        UnitPixels.StoreUnit(values, output.Pixels);
        return output;
    }
}
