using RobustGate.Engine.Imaging;
using RobustGate.Engine.Randomness;

namespace RobustGate.Engine.Corruptions;

/// <summary>ImageNet-C jpeg_compression (spec §3.15): PIL-compatible JPEG encode at quality q (4:2:0) and decode.</summary>
public sealed class JpegCompression : Corruption
{
    private static readonly SeverityTable<int> Table = new(
        [25, 18, 15, 10, 7],
        [80, 65, 58, 50, 40]);

    private readonly int[] _qualities;

    public JpegCompression(CorruptionProfile profile)
        : base("jpeg_compression", CorruptionGroup.Digital, false, "JPEG encode and decode at low quality")
    {
        _qualities = Table.For(profile);
    }

    protected override Image ApplyRgb(Image rgb, int severity, NumpyRandom rng)
    {
        var bytes = JpegEncoder.Encode(rgb, _qualities[severity - 1]);
        return JpegDecoder.Decode(bytes, "jpeg_compression (in memory)");
    }
}
