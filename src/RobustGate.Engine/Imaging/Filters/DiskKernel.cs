using System.Runtime.CompilerServices;

namespace RobustGate.Engine.Imaging.Filters;

/// <summary>
/// defocus_blur's anti-aliased disk (spec §3.4): on the grid −8…8 (radius ≤ 8, 3×3 blur) or
/// −r…r (5×5 blur), 1 where x² + y² ≤ r² (float32), divided by its count, then smoothed with
/// <see cref="OpenCvGaussianBlur"/> at sigma <c>aliasBlur</c>. Row-major size×size float32.
/// </summary>
public static class DiskKernel
{
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static float[] Create(double radius, double aliasBlur, out int size)
    {
        if (!(radius > 0) || !(aliasBlur > 0))
        {
            throw new ArgumentOutOfRangeException(nameof(radius), $"Disk radius and alias blur must be positive, got {radius} and {aliasBlur}.");
        }

        // np.arange(-radius, radius + 1) for a radius above 8: ceil(2·radius + 1) points from −radius.
        double first;
        int blurSize;
        if (radius <= 8)
        {
            first = -8;
            size = 17;
            blurSize = 3;
        }
        else
        {
            first = -radius;
            size = (int)Math.Ceiling((2 * radius) + 1);
            blurSize = 5;
        }

        var disk = new float[size * size];
        var limit = radius * radius;
        var count = 0;
        for (var i = 0; i < size; i++)
        {
            for (var j = 0; j < size; j++)
            {
                double y = first + i, x = first + j;
                if ((x * x) + (y * y) <= limit)
                {
                    disk[(i * size) + j] = 1f;
                    count++;
                }
            }
        }

        // np.sum of 0/1 float32 values is exact; numpy then divides each element in float32.
        var total = (float)count;
        for (var i = 0; i < disk.Length; i++)
        {
            disk[i] /= total;
        }

        var kernel = new float[disk.Length];
        OpenCvGaussianBlur.Apply(disk, kernel, size, size, 1, blurSize, aliasBlur);
        return kernel;
    }
}
