using System.Buffers;
using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
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

    /// <summary>np.uint8(clip((x/255 + fog)·max/(max + t), 0, 1)·255) for one row; x/255 is exactly the level table's value.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void BlendRow(ReadOnlySpan<byte> src, ReadOnlySpan<double> fog, double maxValue, double denominator, Span<byte> dst)
    {
        var i = 0;
        if (ByteLanes.IsSupported)
        {
            var levelScale = Vector512.Create(255.0);
            var max = Vector512.Create(maxValue);
            var den = Vector512.Create(denominator);
            var one = Vector512<double>.One;
            for (; i + 8 <= src.Length; i += 8)
            {
                var v = (ByteLanes.Load8(src, i) / levelScale) + Vector512.Create(fog.Slice(i, 8));
                var clipped = Vector512.Min(Vector512.Max(v * max / den, Vector512<double>.Zero), one) * levelScale;
                ByteLanes.Store8(clipped, dst, i);
            }
        }

        var levels = NoiseKernels.UnitLevels;
        for (; i < src.Length; i++)
        {
            dst[i] = NoiseKernels.ToByte((levels[src[i]] + fog[i]) * maxValue / denominator);
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static byte MaxByte(ReadOnlySpan<byte> values)
    {
        var i = 0;
        var best = Vector256<byte>.Zero;
        for (; i + 32 <= values.Length; i += 32)
        {
            best = Vector256.Max(best, Vector256.Create(values.Slice(i, 32)));
        }

        byte result = 0;
        for (var k = 0; k < Vector256<byte>.Count; k++)
        {
            result = Math.Max(result, best[k]);
        }

        for (; i < values.Length; i++)
        {
            result = Math.Max(result, values[i]);
        }

        return result;
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
            // The levels increase with the byte, so the largest level is the largest byte's.
            var maxValue = levels[MaxByte(src)];

            var denominator = maxValue + t;
            var output = ImagePool.Rent(width, height, 3);
            var dst = output.Pixels;
            using var fogRowBuffer = new PooledBuffer<double>(width * 3);
            var fogRow = fogRowBuffer.Span;
            for (var y = 0; y < height; y++)
            {
                for (var x = 0; x < width; x++)
                {
                    var fog = double.CreateTruncating(thickness * map[(y * mapSize) + x]);
                    fogRow[3 * x] = fogRow[(3 * x) + 1] = fogRow[(3 * x) + 2] = fog;
                }

                var row = y * width * 3;
                BlendRow(src.AsSpan(row, width * 3), fogRow, maxValue, denominator, dst.AsSpan(row, width * 3));
            }

            return output;
        }
        finally
        {
            ArrayPool<T>.Shared.Return(map);
        }
    }
}
