using System.Runtime.CompilerServices;
using RobustGate.Engine.Imaging;

namespace RobustGate.Engine.Corruptions;

/// <summary>
/// Makes any input a 3-channel image the way imagecorruptions' <c>corrupt()</c> does: a gray
/// image is stacked three times (so every corruption then treats it as RGB and returns RGB), a
/// gray+alpha image loses its alpha and is stacked, an RGBA image loses its alpha.
/// </summary>
internal static class RgbConversion
{
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static Image ToRgb(Image input)
    {
        if (input.Channels == 3)
        {
            return input;
        }

        var pixelCount = input.Width * input.Height;
        var rgb = new Image(input.Width, input.Height, 3);
        var src = input.Pixels;
        var dst = rgb.Pixels;
        var stride = input.Channels;
        for (var p = 0; p < pixelCount; p++)
        {
            var s = p * stride;
            var d = p * 3;
            if (stride <= 2)
            {
                dst[d] = dst[d + 1] = dst[d + 2] = src[s];
            }
            else
            {
                dst[d] = src[s];
                dst[d + 1] = src[s + 1];
                dst[d + 2] = src[s + 2];
            }
        }

        return rgb;
    }
}
