using RobustGate.Engine.Imaging;
using RobustGate.Engine.Imaging.Filters;
using RobustGate.Engine.Randomness;

namespace RobustGate.Engine.Corruptions;

/// <summary>ImageNet-C defocus_blur (spec §3.4): correlation of each channel with an anti-aliased disk (OpenCV filter2D, reflect-101).</summary>
public sealed class DefocusBlur : Corruption
{
    private static readonly SeverityTable<(double Radius, double Alias)> Table = new(
        [(3, 0.1), (4, 0.5), (6, 0.5), (8, 0.5), (10, 0.5)],
        [(0.3, 0.4), (0.4, 0.5), (0.5, 0.6), (1, 0.2), (1.5, 0.1)]);

    private readonly (float[] Kernel, int Size)[] _kernels;

    public DefocusBlur(CorruptionProfile profile)
        : base("defocus_blur", CorruptionGroup.Blur, false, "anti-aliased disk blur")
    {
        _kernels = Table.For(profile).Select(p => (DiskKernel.Create(p.Radius, p.Alias, out var size), size)).ToArray();
    }

    protected override Image ApplyRgb(Image rgb, int severity, NumpyRandom rng)
    {
        var (kernel, size) = _kernels[severity - 1];
        var n = rgb.Pixels.Length;
        using var x = new PooledBuffer<double>(n);
        using var blurred = new PooledBuffer<double>(n);
        UnitPixels.Load(rgb.Pixels, x.Span);
        OpenCvFilter2D.Apply(x.Span, blurred.Span, rgb.Height, rgb.Width, 3, kernel, size, size);
        var output = ImagePool.Rent(rgb.Width, rgb.Height, 3);
        UnitPixels.StoreUnit(blurred.Span, output.Pixels);
        return output;
    }
}
