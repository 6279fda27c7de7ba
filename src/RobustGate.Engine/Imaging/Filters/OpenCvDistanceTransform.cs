using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace RobustGate.Engine.Imaging.Filters;

/// <summary>
/// cv2.distanceTransform(img, DIST_L2, 5) on a single-channel uint8 image: OpenCV 4.6's two-pass
/// 5×5 chamfer with weights 1, 1.4 and 2.1969 in 16.16 fixed point (not the exact Euclidean
/// distance), distance 0 at zero pixels, float32 result = fixed value · 2^−16.
/// </summary>
public static class OpenCvDistanceTransform
{
    private const int Shift = 16;
    private const int Border = 2;
    private const uint InitialDistance = int.MaxValue;

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void Chamfer5(ReadOnlySpan<byte> source, Span<float> distance, int height, int width)
    {
        if (height < 1 || width < 1 || source.Length != height * width || distance.Length != source.Length)
        {
            throw new ArgumentException($"Expected {height}x{width} samples in and out, got {source.Length} and {distance.Length}.");
        }

        var straight = ToFixed(1f);
        var diagonal = ToFixed(1.4f);
        var knight = ToFixed(2.1969f);
        var step = width + (2 * Border);
        // A reused per-thread buffer: a fresh 200 KB array per call costs more to touch than the transform.
        var tempLength = (height + (2 * Border)) * step;
        var temp = MemoryMarshal.Cast<int, uint>(ScratchBuffer.Ints(7, tempLength).AsSpan(0, tempLength));
        temp.Fill(InitialDistance);

        for (var i = 0; i < height; i++)
        {
            var row = ((i + Border) * step) + Border;
            for (var j = 0; j < width; j++)
            {
                var p = row + j;
                if (source[(i * width) + j] == 0)
                {
                    temp[p] = 0;
                    continue;
                }

                var t0 = temp[p - (2 * step) - 1] + knight;
                t0 = Math.Min(t0, temp[p - (2 * step) + 1] + knight);
                t0 = Math.Min(t0, temp[p - step - 2] + knight);
                t0 = Math.Min(t0, temp[p - step - 1] + diagonal);
                t0 = Math.Min(t0, temp[p - step] + straight);
                t0 = Math.Min(t0, temp[p - step + 1] + diagonal);
                t0 = Math.Min(t0, temp[p - step + 2] + knight);
                t0 = Math.Min(t0, temp[p - 1] + straight);
                temp[p] = t0;
            }
        }

        const float scale = 1f / (1 << Shift);
        for (var i = height - 1; i >= 0; i--)
        {
            var row = ((i + Border) * step) + Border;
            for (var j = width - 1; j >= 0; j--)
            {
                var p = row + j;
                var t0 = temp[p];
                if (t0 > straight)
                {
                    t0 = Math.Min(t0, temp[p + (2 * step) + 1] + knight);
                    t0 = Math.Min(t0, temp[p + (2 * step) - 1] + knight);
                    t0 = Math.Min(t0, temp[p + step + 2] + knight);
                    t0 = Math.Min(t0, temp[p + step + 1] + diagonal);
                    t0 = Math.Min(t0, temp[p + step] + straight);
                    t0 = Math.Min(t0, temp[p + step - 1] + diagonal);
                    t0 = Math.Min(t0, temp[p + step - 2] + knight);
                    t0 = Math.Min(t0, temp[p + 1] + straight);
                    temp[p] = t0;
                }

                distance[(i * width) + j] = t0 * scale;
            }
        }
    }

    private static uint ToFixed(float metric) => (uint)Math.Round(metric * (double)(1 << Shift), MidpointRounding.ToEven);
}
