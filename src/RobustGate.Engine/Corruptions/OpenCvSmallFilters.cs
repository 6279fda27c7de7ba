namespace RobustGate.Engine.Corruptions;

/// <summary>
/// The small OpenCV steps of spatter's water mask, each with OpenCV's border (reflect-101) and
/// rounding: the 3×3 normalised box filter on float32 (sum in double, ×(1/9), to float) and on
/// 8-bit (rounded), <c>equalizeHist</c>, and a 3×3 integer-kernel <c>filter2D</c> to 8 bits.
/// </summary>
internal static class OpenCvSmallFilters
{
    public static void Box3(ReadOnlySpan<float> source, Span<float> destination, int height, int width)
    {
        for (var y = 0; y < height; y++)
        {
            for (var x = 0; x < width; x++)
            {
                var sum = 0.0;
                for (var oy = -1; oy <= 1; oy++)
                {
                    var sy = Reflect101(y + oy, height);
                    for (var ox = -1; ox <= 1; ox++)
                    {
                        sum += source[(sy * width) + Reflect101(x + ox, width)];
                    }
                }

                destination[(y * width) + x] = (float)(sum * (1.0 / 9));
            }
        }
    }

    public static void Box3(ReadOnlySpan<byte> source, Span<byte> destination, int height, int width)
    {
        for (var y = 0; y < height; y++)
        {
            for (var x = 0; x < width; x++)
            {
                var sum = 0;
                for (var oy = -1; oy <= 1; oy++)
                {
                    var sy = Reflect101(y + oy, height);
                    for (var ox = -1; ox <= 1; ox++)
                    {
                        sum += source[(sy * width) + Reflect101(x + ox, width)];
                    }
                }

                // sum/9 is never exactly half-way, so OpenCV's float and double roundings agree.
                destination[(y * width) + x] = (byte)Math.Round(sum * (1.0 / 9), MidpointRounding.ToEven);
            }
        }
    }

    /// <summary>filter2D(src, CV_8U, kernel) with an integer 3×3 kernel (correlation, anchor at the centre), saturated.</summary>
    public static void Correlate3(ReadOnlySpan<byte> source, Span<byte> destination, int height, int width, ReadOnlySpan<int> kernel)
    {
        for (var y = 0; y < height; y++)
        {
            for (var x = 0; x < width; x++)
            {
                var sum = 0;
                for (var oy = -1; oy <= 1; oy++)
                {
                    var sy = Reflect101(y + oy, height);
                    for (var ox = -1; ox <= 1; ox++)
                    {
                        sum += kernel[((oy + 1) * 3) + ox + 1] * source[(sy * width) + Reflect101(x + ox, width)];
                    }
                }

                destination[(y * width) + x] = (byte)Math.Clamp(sum, 0, 255);
            }
        }
    }

    /// <summary>cv2.equalizeHist: LUT from the cumulative histogram, first occupied level mapped to 0, scale 255/(N − count₀), rounded.</summary>
    public static void EqualizeHistogram(Span<byte> image)
    {
        Span<int> histogram = stackalloc int[256];
        foreach (var v in image)
        {
            histogram[v]++;
        }

        var first = 0;
        while (histogram[first] == 0)
        {
            first++;
        }

        if (histogram[first] == image.Length)
        {
            image.Fill((byte)first);
            return;
        }

        var scale = 255f / (image.Length - histogram[first]);
        Span<byte> lut = stackalloc byte[256];
        var sum = 0;
        lut[first] = 0;
        for (var i = first + 1; i < 256; i++)
        {
            sum += histogram[i];
            lut[i] = (byte)Math.Clamp((int)MathF.Round(sum * scale, MidpointRounding.ToEven), 0, 255);
        }

        for (var i = 0; i < image.Length; i++)
        {
            image[i] = lut[image[i]];
        }
    }

    private static int Reflect101(int i, int n)
    {
        if (n == 1)
        {
            return 0;
        }

        while (i < 0 || i >= n)
        {
            i = i < 0 ? -i : (2 * n) - 2 - i;
        }

        return i;
    }
}
