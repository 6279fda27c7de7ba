using System.Runtime.CompilerServices;

namespace RobustGate.Engine.Imaging.Filters;

/// <summary>
/// cv2.Canny(img, low, high) with the defaults spatter uses (aperture 3, L1 gradient) on a
/// single-channel uint8 image, following OpenCV 4.6: 3×3 Sobel derivatives with replicated
/// borders, magnitude |dx| + |dy|, non-maximum suppression along four directions chosen with the
/// tan 22.5° fixed-point test (ties resolved as OpenCV resolves them), then hysteresis from the
/// strong pixels through 8-connected weak ones. Output 255 on edges, 0 elsewhere.
/// </summary>
public static class OpenCvCanny
{
    private const int Shift = 15;
    private static readonly int TangentOf22 = (int)((0.4142135623730950488016887242097 * (1 << Shift)) + 0.5);

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void Apply(ReadOnlySpan<byte> source, Span<byte> edges, int height, int width, double lowThreshold, double highThreshold)
    {
        if (height < 1 || width < 1 || source.Length != height * width || edges.Length != source.Length)
        {
            throw new ArgumentException($"Expected {height}x{width} samples in and out, got {source.Length} and {edges.Length}.");
        }

        if (lowThreshold > highThreshold)
        {
            (lowThreshold, highThreshold) = (highThreshold, lowThreshold);
        }

        var low = (int)Math.Floor(lowThreshold);
        var high = (int)Math.Floor(highThreshold);
        // Reused per-thread buffers (fresh large arrays are slow to touch); every element used is written first.
        var dx = ScratchBuffer.Ints(4, height * width);
        var dy = ScratchBuffer.Ints(5, height * width);
        // Magnitudes with a one-pixel zero frame, so neighbours outside the image never win.
        var stride = width + 2;
        var magnitude = ScratchBuffer.Ints(6, (height + 2) * stride);
        Array.Clear(magnitude, 0, (height + 2) * stride);
        for (var y = 0; y < height; y++)
        {
            // Sobel with replicated borders, and the L1 magnitude in the same pass.
            var above = source.Slice(Math.Max(y - 1, 0) * width, width);
            var here = source.Slice(y * width, width);
            var below = source.Slice(Math.Min(y + 1, height - 1) * width, width);
            var dxRow = dx.AsSpan(y * width, width);
            var dyRow = dy.AsSpan(y * width, width);
            var magnitudeRow = magnitude.AsSpan(((y + 1) * stride) + 1, width);
            for (var x = 0; x < width; x++)
            {
                int left = Math.Max(x - 1, 0), right = Math.Min(x + 1, width - 1);
                int a = above[left], b = above[x], c = above[right];
                int d = here[left], f = here[right];
                int g = below[left], h = below[x], k = below[right];
                var gx = (c - a) + (2 * (f - d)) + (k - g);
                var gy = (g - a) + (2 * (h - b)) + (k - c);
                dxRow[x] = gx;
                dyRow[x] = gy;
                magnitudeRow[x] = Math.Abs(gx) + Math.Abs(gy);
            }
        }

        // Map: 0 = possible edge, 1 = not an edge, 2 = edge; framed by 1s.
        var map = new byte[(height + 2) * stride];
        Array.Fill(map, (byte)1);
        var stack = new Stack<int>();
        for (var y = 0; y < height; y++)
        {
            for (var x = 0; x < width; x++)
            {
                var p = ((y + 1) * stride) + x + 1;
                var m = magnitude[p];
                if (m <= low || !IsLocalMaximum(magnitude, p, stride, m, dx[(y * width) + x], dy[(y * width) + x]))
                {
                    continue;
                }

                if (m > high)
                {
                    map[p] = 2;
                    stack.Push(p);
                }
                else
                {
                    map[p] = 0;
                }
            }
        }

        ReadOnlySpan<int> neighbours = [-stride - 1, -stride, -stride + 1, -1, 1, stride - 1, stride, stride + 1];
        while (stack.Count > 0)
        {
            var p = stack.Pop();
            foreach (var n in neighbours)
            {
                if (map[p + n] == 0)
                {
                    map[p + n] = 2;
                    stack.Push(p + n);
                }
            }
        }

        for (var y = 0; y < height; y++)
        {
            for (var x = 0; x < width; x++)
            {
                edges[(y * width) + x] = map[((y + 1) * stride) + x + 1] == 2 ? (byte)255 : (byte)0;
            }
        }
    }

    private static bool IsLocalMaximum(int[] magnitude, int p, int stride, int m, int gx, int gy)
    {
        var ax = Math.Abs(gx);
        var ay = Math.Abs(gy) << Shift;
        var tg22x = ax * TangentOf22;
        if (ay < tg22x)
        {
            return m > magnitude[p - 1] && m >= magnitude[p + 1];
        }

        var tg67x = tg22x + (ax << (Shift + 1));
        if (ay > tg67x)
        {
            return m > magnitude[p - stride] && m >= magnitude[p + stride];
        }

        var s = (gx ^ gy) < 0 ? -1 : 1;
        return m > magnitude[p - stride - s] && m > magnitude[p + stride + s];
    }
}
