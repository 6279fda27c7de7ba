namespace RobustGate.Engine.Corruptions;

/// <summary>
/// OpenCV 4's <c>cv2.Canny(img, low, high)</c> on an 8-bit single-channel image with its defaults
/// (3×3 Sobel with replicated borders, L1 magnitude |dx| + |dy|): non-maximum suppression with
/// OpenCV's fixed-point tan(22.5°) test and its asymmetric comparisons (&gt; before, ≥ after),
/// magnitudes outside the image 0, then 8-connected hysteresis from pixels above <c>high</c>.
/// Output 255 on edges, 0 elsewhere. Used by spatter's water mode.
/// </summary>
internal static class OpenCvCanny
{
    private const int Tg22 = 13573; // (int)(tan(22.5°)·2^15 + 0.5)

    public static void Apply(ReadOnlySpan<byte> image, int height, int width, int low, int high, Span<byte> edges)
    {
        var n = height * width;
        var dx = new short[n];
        var dy = new short[n];
        var magnitude = new int[(height + 2) * (width + 2)];
        var stride = width + 2;
        for (var y = 0; y < height; y++)
        {
            int ym = Math.Max(y - 1, 0), yp = Math.Min(y + 1, height - 1);
            for (var x = 0; x < width; x++)
            {
                int xm = Math.Max(x - 1, 0), xp = Math.Min(x + 1, width - 1);
                var gx = image[(ym * width) + xp] - image[(ym * width) + xm]
                    + (2 * (image[(y * width) + xp] - image[(y * width) + xm]))
                    + image[(yp * width) + xp] - image[(yp * width) + xm];
                var gy = image[(yp * width) + xm] - image[(ym * width) + xm]
                    + (2 * (image[(yp * width) + x] - image[(ym * width) + x]))
                    + image[(yp * width) + xp] - image[(ym * width) + xp];
                dx[(y * width) + x] = (short)gx;
                dy[(y * width) + x] = (short)gy;
                magnitude[((y + 1) * stride) + x + 1] = Math.Abs(gx) + Math.Abs(gy);
            }
        }

        // 0: may be an edge, 1: cannot be, 2: is an edge.
        var map = new byte[n];
        var stack = new Stack<int>();
        for (var y = 0; y < height; y++)
        {
            for (var x = 0; x < width; x++)
            {
                var i = (y * width) + x;
                var mi = ((y + 1) * stride) + x + 1;
                var m = magnitude[mi];
                map[i] = 1;
                if (m <= low)
                {
                    continue;
                }

                int xs = dx[i], ys = dy[i];
                var ax = Math.Abs(xs);
                var ay = Math.Abs(ys) << 15;
                var tg22x = ax * Tg22;
                bool maximum;
                if (ay < tg22x)
                {
                    maximum = m > magnitude[mi - 1] && m >= magnitude[mi + 1];
                }
                else
                {
                    var tg67x = tg22x + (ax << 16);
                    if (ay > tg67x)
                    {
                        maximum = m > magnitude[mi - stride] && m >= magnitude[mi + stride];
                    }
                    else
                    {
                        var s = (xs ^ ys) < 0 ? -1 : 1;
                        maximum = m > magnitude[mi - stride - s] && m > magnitude[mi + stride + s];
                    }
                }

                if (!maximum)
                {
                    continue;
                }

                if (m > high)
                {
                    map[i] = 2;
                    stack.Push(i);
                }
                else
                {
                    map[i] = 0;
                }
            }
        }

        while (stack.Count > 0)
        {
            var i = stack.Pop();
            int y = i / width, x = i % width;
            for (var oy = -1; oy <= 1; oy++)
            {
                for (var ox = -1; ox <= 1; ox++)
                {
                    int ny = y + oy, nx = x + ox;
                    if ((oy == 0 && ox == 0) || ny < 0 || ny >= height || nx < 0 || nx >= width)
                    {
                        continue;
                    }

                    var j = (ny * width) + nx;
                    if (map[j] == 0)
                    {
                        map[j] = 2;
                        stack.Push(j);
                    }
                }
            }
        }

        for (var i = 0; i < n; i++)
        {
            edges[i] = map[i] == 2 ? (byte)255 : (byte)0;
        }
    }
}
