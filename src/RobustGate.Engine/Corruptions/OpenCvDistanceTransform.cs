namespace RobustGate.Engine.Corruptions;

/// <summary>
/// OpenCV's <c>distanceTransform(src, DIST_L2, 5)</c>: the 5×5 chamfer approximation (steps 1, 1.4
/// and 2.1969 in 16.16 fixed point), a forward and a backward raster pass, distance to the nearest
/// zero pixel, float32 output. Pixels beyond the image never count as zero.
/// </summary>
internal static class OpenCvDistanceTransform
{
    private const int Border = 2;
    private const uint Init = int.MaxValue;
    private const uint DistMax = int.MaxValue >> 2;
    private const uint Hv = 65536;       // cvRound(1 · 2^16)
    private const uint Diagonal = 91750; // cvRound(1.4f · 2^16)
    private const uint Long = 143976;    // cvRound(2.1969f · 2^16)

    public static void Apply(ReadOnlySpan<byte> image, int height, int width, Span<float> distance)
    {
        var step = width + (2 * Border);
        var temp = new uint[(height + (2 * Border)) * step];
        Array.Fill(temp, Init);
        const float scale = 1f / 65536;

        for (var i = 0; i < height; i++)
        {
            var row = ((i + Border) * step) + Border;
            for (var j = 0; j < width; j++)
            {
                var t = row + j;
                if (image[(i * width) + j] == 0)
                {
                    temp[t] = 0;
                    continue;
                }

                var t0 = temp[t - (step * 2) - 1] + Long;
                t0 = Math.Min(t0, temp[t - (step * 2) + 1] + Long);
                t0 = Math.Min(t0, temp[t - step - 2] + Long);
                t0 = Math.Min(t0, temp[t - step - 1] + Diagonal);
                t0 = Math.Min(t0, temp[t - step] + Hv);
                t0 = Math.Min(t0, temp[t - step + 1] + Diagonal);
                t0 = Math.Min(t0, temp[t - step + 2] + Long);
                t0 = Math.Min(t0, temp[t - 1] + Hv);
                temp[t] = t0;
            }
        }

        for (var i = height - 1; i >= 0; i--)
        {
            var row = ((i + Border) * step) + Border;
            for (var j = width - 1; j >= 0; j--)
            {
                var t = row + j;
                var t0 = temp[t];
                if (t0 > Hv)
                {
                    t0 = Math.Min(t0, temp[t + (step * 2) + 1] + Long);
                    t0 = Math.Min(t0, temp[t + (step * 2) - 1] + Long);
                    t0 = Math.Min(t0, temp[t + step + 2] + Long);
                    t0 = Math.Min(t0, temp[t + step + 1] + Diagonal);
                    t0 = Math.Min(t0, temp[t + step] + Hv);
                    t0 = Math.Min(t0, temp[t + step - 1] + Diagonal);
                    t0 = Math.Min(t0, temp[t + step - 2] + Long);
                    t0 = Math.Min(t0, temp[t + 1] + Hv);
                    temp[t] = t0;
                }

                t0 = Math.Min(t0, DistMax);
                distance[(i * width) + j] = t0 * scale;
            }
        }
    }
}
