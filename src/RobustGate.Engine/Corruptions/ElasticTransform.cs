using System.Runtime.CompilerServices;
using RobustGate.Engine.Imaging;
using RobustGate.Engine.Imaging.Filters;
using RobustGate.Engine.Randomness;

namespace RobustGate.Engine.Corruptions;

/// <summary>
/// ImageNet-C elastic_transform (spec §3.13). imagecorruptions: two smoothed uniform displacement
/// fields (σ = 0.01·H, 0.01·W, reflect, truncate 3, scaled by α and stored as float32) and bilinear
/// resampling of the float32 image with map_coordinates (reflect). Hendrycks' generators first warp
/// the image by a random affine map (three anchor points moved by <c>uniform(−a, a, (3, 2))</c>,
/// OpenCV getAffineTransform + warpAffine, reflect-101), then use uniform(−1, 1) fields smoothed
/// with one σ and scaled by α (their constants, with the generator's 244-for-224 typo kept).
/// </summary>
public sealed class ElasticTransform : Corruption
{
    private static readonly double[] ImageCorruptionsAlpha = [250 * 0.05, 250 * 0.065, 250 * 0.085, 250 * 0.1, 250 * 0.12];

    private static readonly (double Alpha, double Sigma, double Affine)[] ImageNetCParameters =
    [
        (244 * 2, 244 * 0.7, 244 * 0.1),
        (244 * 2, 244 * 0.08, 244 * 0.2),
        (244 * 0.05, 244 * 0.01, 244 * 0.02),
        (244 * 0.07, 244 * 0.01, 244 * 0.02),
        (244 * 0.12, 244 * 0.01, 244 * 0.02),
    ];

    private static readonly (double Alpha, double Sigma, double Affine)[] CifarParameters =
    [
        (32 * 0, 32 * 0, 32 * 0.08),
        (32 * 0.05, 32 * 0.2, 32 * 0.07),
        (32 * 0.08, 32 * 0.06, 32 * 0.06),
        (32 * 0.1, 32 * 0.04, 32 * 0.05),
        (32 * 0.1, 32 * 0.03, 32 * 0.03),
    ];

    private readonly CorruptionProfile _profile;

    public ElasticTransform(CorruptionProfile profile)
        : base("elastic_transform", CorruptionGroup.Digital, true, profile == CorruptionProfile.ImageCorruptions
            ? "smoothed random displacement field (imagecorruptions variant, no affine step)"
            : "random affine warp plus smoothed displacement field (Hendrycks generator variant)")
    {
        _profile = profile;
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    protected override Image ApplyRgb(Image rgb, int severity, NumpyRandom rng)
    {
        int width = rgb.Width, height = rgb.Height;
        var pixels = width * height;
        using var imageBuffer = new PooledBuffer<float>(pixels * 3);
        using var outBuffer = new PooledBuffer<float>(pixels * 3);
        using var fieldBuffer = new PooledBuffer<double>(pixels);
        using var rowsBuffer = new PooledBuffer<double>(pixels);
        using var columnsBuffer = new PooledBuffer<double>(pixels);
        var image = imageBuffer.Span;
        var field = fieldBuffer.Span;
        var rows = rowsBuffer.Span;
        var columns = columnsBuffer.Span;
        UnitPixels.Load(rgb.Pixels, image);

        double alpha, maxShift, sigmaRows, sigmaColumns;
        if (_profile == CorruptionProfile.ImageCorruptions)
        {
            alpha = ImageCorruptionsAlpha[severity - 1];
            maxShift = height * 0.005;
            (sigmaRows, sigmaColumns) = (height * 0.01, width * 0.01);
        }
        else
        {
            var (a, sigma, affine) = (_profile == CorruptionProfile.Cifar ? CifarParameters : ImageNetCParameters)[severity - 1];
            using var warped = new PooledBuffer<float>(pixels * 3);
            RandomAffine(image, warped.Span, height, width, affine, rng);
            warped.Span.CopyTo(image);
            (alpha, maxShift, sigmaRows, sigmaColumns) = (a, 1.0, sigma, sigma);
        }

        // dx first (columns), then dy (rows), each one uniform array in C order.
        DisplacementField(field, height, width, maxShift, sigmaRows, sigmaColumns, alpha, rng);
        for (int y = 0, i = 0; y < height; y++)
        {
            for (var x = 0; x < width; x++, i++)
            {
                columns[i] = x + field[i];
            }
        }

        DisplacementField(field, height, width, maxShift, sigmaRows, sigmaColumns, alpha, rng);
        for (int y = 0, i = 0; y < height; y++)
        {
            for (var x = 0; x < width; x++, i++)
            {
                rows[i] = y + field[i];
            }
        }

        MapCoordinates.Linear(image, height, width, 3, rows, columns, outBuffer.Span, BorderMode.Reflect);
        var output = ImagePool.Rent(width, height, 3);
        UnitPixels.StoreUnit(outBuffer.Span, output.Pixels);
        return output;
    }

    /// <summary>
    /// The generator's random affine: anchors (c+s, c+s), (c₀+s, c₁−s), (c−s, c−s) with c = (H//2, W//2)
    /// and s = min(H, W)//3 (given to OpenCV as x, y pairs as the generator does), each moved by a
    /// float32 uniform(−a, a) offset; warpAffine with reflect-101 borders.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void RandomAffine(ReadOnlySpan<float> image, Span<float> warped, int height, int width, double amount, NumpyRandom rng)
    {
        float c0 = height / 2, c1 = width / 2, s = Math.Min(height, width) / 3;
        Span<float> source = [c0 + s, c1 + s, c0 + s, c1 - s, c0 - s, c1 - s];
        Span<float> destination = stackalloc float[6];
        for (var i = 0; i < 6; i++)
        {
            destination[i] = source[i] + (float)rng.Uniform(-amount, amount);
        }

        var matrix = OpenCvWarpAffine.GetAffineTransform(source, destination);
        OpenCvWarpAffine.Apply(image, height, width, 3, matrix, warped, height, width);
    }

    /// <summary>(gaussian(uniform(−m, m, (H, W)), σ, reflect, truncate 3)·α).astype(float32), widened back to double.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void DisplacementField(Span<double> field, int height, int width, double maxShift, double sigmaRows, double sigmaColumns, double alpha, NumpyRandom rng)
    {
        rng.FillUniform(field, -maxShift, maxShift);
        SkimageGaussian.Apply(field, field, height, width, 1, sigmaRows, sigmaColumns, BorderMode.Reflect, truncate: 3.0);
        for (var i = 0; i < field.Length; i++)
        {
            field[i] = (float)(field[i] * alpha);
        }
    }
}
