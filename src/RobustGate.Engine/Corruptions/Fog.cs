using System.Buffers;
using System.Runtime.CompilerServices;
using RobustGate.Engine.Imaging;
using RobustGate.Engine.Randomness;

namespace RobustGate.Engine.Corruptions;

/// <summary>
/// ImageNet-C fog (plasma in float32 for imagecorruptions, float64 for Hendrycks' generators): x + t·plasma, rescaled by max(x)/(max(x) + t) (spec §3.10). The plasma side is
/// the next power of two of max(H, W, 3) for imagecorruptions, fixed to 256 (ImageNet-C) or 32
/// (CIFAR-10-C) for Hendrycks' generators; images larger than the map take the map's size only
/// where it covers them, so those profiles need images no larger than the map.
/// </summary>
public sealed class Fog : Corruption
{
    private static readonly SeverityTable<(double Thickness, double Decay)> Table = new(
        [(1.5, 2), (2.0, 2), (2.5, 1.7), (2.5, 1.5), (3.0, 1.4)],
        [(0.2, 3), (0.5, 3), (0.75, 2.5), (1, 2), (1.5, 1.75)]);

    private readonly (double Thickness, double Decay)[] _parameters;
    private readonly CorruptionProfile _profile;

    public Fog(CorruptionProfile profile)
        : base("fog", CorruptionGroup.Weather, true, "diamond-square plasma fog")
    {
        _parameters = Table.For(profile);
        _profile = profile;
    }

    protected override Image ApplyRgb(Image rgb, int severity, NumpyRandom rng)
    {
        var (t, decay) = _parameters[severity - 1];
        int width = rgb.Width, height = rgb.Height;
        var mapSize = _profile switch
        {
            CorruptionProfile.Cifar => 32,
            CorruptionProfile.ImageNetC => 256,
            _ => (int)System.Numerics.BitOperations.RoundUpToPowerOf2((uint)Math.Max(Math.Max(width, height), 3)),
        };

        if (width > mapSize || height > mapSize)
        {
            throw new InvalidInputException(
                $"Corruption 'fog' ({_profile} profile): the image is {width}x{height}, larger than the {mapSize}x{mapSize} plasma map this profile uses; use the imagecorruptions profile for large images.");
        }

        return _profile == CorruptionProfile.ImageCorruptions
            ? Blend<float>(rgb, t, decay, mapSize, rng)
            : Blend<double>(rgb, t, decay, mapSize, rng);
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static Image Blend<T>(Image rgb, double t, double decay, int mapSize, NumpyRandom rng)
        where T : unmanaged, System.Numerics.IBinaryFloatingPointIeee754<T>
    {
        int width = rgb.Width, height = rgb.Height;
        var map = ArrayPool<T>.Shared.Rent(mapSize * mapSize);
        var thickness = T.CreateTruncating(t);
        try
        {
            PlasmaFractal.Generate<T>(map, mapSize, decay, rng);
            var src = rgb.Pixels;
            var levels = NoiseKernels.UnitLevels;
            var maxValue = 0.0;
            foreach (var b in src)
            {
                maxValue = Math.Max(maxValue, levels[b]);
            }

            var denominator = maxValue + t;
            var output = ImagePool.Rent(width, height, 3);
            var dst = output.Pixels;
            for (var y = 0; y < height; y++)
            {
                for (var x = 0; x < width; x++)
                {
                    var fog = double.CreateTruncating(thickness * map[(y * mapSize) + x]);
                    var i = ((y * width) + x) * 3;
                    for (var ch = 0; ch < 3; ch++)
                    {
                        var v = levels[src[i + ch]] + fog;
                        dst[i + ch] = NoiseKernels.ToByte(v * maxValue / denominator);
                    }
                }
            }

            return output;
        }
        finally
        {
            ArrayPool<T>.Shared.Return(map);
        }
    }
}
