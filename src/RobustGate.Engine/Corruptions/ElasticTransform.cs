using RobustGate.Engine.Imaging;
using RobustGate.Engine.Imaging.Filters;
using RobustGate.Engine.Randomness;

namespace RobustGate.Engine.Corruptions;

/// <summary>
/// ImageNet-C elastic_transform (spec §3.13). imagecorruptions: two smoothed uniform displacement
/// fields (σ = 0.01·H, 0.01·W, reflect, truncate 3, scaled by α and stored as float32) and bilinear
/// resampling of the float32 image with map_coordinates (reflect). Hendrycks' generators add a
/// random affine warp first and use other constants; that variant needs OpenCV's warpAffine.
/// </summary>
public sealed class ElasticTransform : Corruption
{
    private static readonly double[] ImageCorruptionsAlpha = [250 * 0.05, 250 * 0.065, 250 * 0.085, 250 * 0.1, 250 * 0.12];

    private readonly CorruptionProfile _profile;

    public ElasticTransform(CorruptionProfile profile)
        : base("elastic_transform", CorruptionGroup.Digital, true, profile == CorruptionProfile.ImageCorruptions
            ? "smoothed random displacement field (imagecorruptions variant, no affine step)"
            : "random affine warp plus smoothed displacement field (Hendrycks generator variant)")
    {
        _profile = profile;
    }

    protected override Image ApplyRgb(Image rgb, int severity, NumpyRandom rng)
    {
        if (_profile != CorruptionProfile.ImageCorruptions)
        {
            throw new NotSupportedException("elastic_transform in the Hendrycks profiles needs OpenCV's warpAffine, which is not available yet.");
        }

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

        var alpha = ImageCorruptionsAlpha[severity - 1];
        var maxShift = height * 0.005;
        double sigmaRows = height * 0.01, sigmaColumns = width * 0.01;

        // dx first (columns), then dy (rows), each one uniform array in C order.
        DisplacementField(field, height, width, maxShift, sigmaRows, sigmaColumns, alpha, rng);
        for (var i = 0; i < pixels; i++)
        {
            columns[i] = (i % width) + field[i];
        }

        DisplacementField(field, height, width, maxShift, sigmaRows, sigmaColumns, alpha, rng);
        for (var i = 0; i < pixels; i++)
        {
            rows[i] = (i / width) + field[i];
        }

        MapCoordinates.Linear(image, height, width, 3, rows, columns, outBuffer.Span, BorderMode.Reflect);
        var output = new Image(width, height, 3);
        UnitPixels.StoreUnit(outBuffer.Span, output.Pixels);
        return output;
    }

    /// <summary>(gaussian(uniform(−m, m, (H, W)), σ, reflect, truncate 3)·α).astype(float32), widened back to double.</summary>
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
