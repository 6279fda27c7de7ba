using System.Runtime.CompilerServices;

namespace RobustGate.Engine.Imaging.Filters;

/// <summary>
/// cv2.equalizeHist on a single-channel uint8 image (spatter's water mode), OpenCV 4.6's rule:
/// the lowest occurring level maps to 0, each level above it to round(cumulative·255/(N − count of
/// the lowest level)) in float32; an image of a single level keeps that level.
/// </summary>
public static class OpenCvEqualizeHist
{
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void Apply(ReadOnlySpan<byte> source, Span<byte> destination)
    {
        if (source.Length != destination.Length || source.Length == 0)
        {
            throw new ArgumentException($"Expected equal, non-empty buffers; got {source.Length} and {destination.Length}.");
        }

        Span<int> histogram = stackalloc int[256];
        histogram.Clear();
        foreach (var v in source)
        {
            histogram[v]++;
        }

        var i = 0;
        while (histogram[i] == 0)
        {
            i++;
        }

        var total = source.Length;
        if (histogram[i] == total)
        {
            destination.Fill((byte)i);
            return;
        }

        Span<byte> lut = stackalloc byte[256];
        lut.Clear();
        var scale = 255f / (total - histogram[i]);
        var sum = 0;
        lut[i++] = 0;
        for (; i < 256; i++)
        {
            sum += histogram[i];
            lut[i] = (byte)Math.Clamp(MathF.Round(sum * scale, MidpointRounding.ToEven), 0, 255);
        }

        for (var k = 0; k < source.Length; k++)
        {
            destination[k] = lut[source[k]];
        }
    }
}
