using System.Security.Cryptography;
using RobustGate.Engine.Imaging;

namespace RobustGate.Engine.Data;

/// <summary>
/// A procedural dataset that needs no files: ten classes of 32x32 RGB patterns (stripes in four
/// orientations, dots, checkerboard, square, triangle, ring, crossing lines) with
/// random colours, position, size, phase and per-pixel noise. Colour carries no class
/// information, so a model has to learn shape; a small CNN still reaches high accuracy in
/// minutes. Sample i is generated from (seed, i) alone: label = i mod 10, pixels from a SplitMix64
/// stream of its own, so any sample is reproducible bit for bit, in any order, on any thread.
/// The content hash is SHA-256 over every image's pixels and label, in order.
/// </summary>
public sealed class SyntheticDataset : ImageDatasetBase
{
    public const int DefaultCount = 10_000;
    public const int Side = 32;

    public static readonly IReadOnlyList<string> Classes =
        ["horizontal-stripes", "vertical-stripes", "diagonal-stripes", "dots", "square", "triangle", "checkerboard", "ring", "crossing-lines", "anti-diagonal-stripes"];

    private const int NoiseAmplitude = 12;

    private readonly int[] _labels;

    public SyntheticDataset(int count = DefaultCount, ulong seed = 0)
    {
        if (count <= 0)
        {
            throw new ConfigurationException($"synthetic dataset size must be positive, got {count}.");
        }

        Seed = seed;
        _labels = new int[count];
        for (int i = 0; i < count; i++)
        {
            _labels[i] = i % Classes.Count;
        }
    }

    public ulong Seed { get; }

    public override string Name => $"synthetic/{Count}/seed{Seed}";

    public override IReadOnlyList<string> ClassNames => Classes;

    public override IReadOnlyList<int> Labels => _labels;

    public override ImageShape? Shape => new ImageShape(3, Side, Side);

    public override string Describe() =>
        $"{Name}: {Count} procedural images {Shape}, {ClassCount} classes (stripes, shapes, textures), seed {Seed}";

    protected override Image LoadImage(int index)
    {
        var image = new Image(Side, Side, 3);
        Render(_labels[index], SplitMix64.ForStream(Seed, (ulong)index), image.Pixels);
        return image;
    }

    protected override byte[] ComputeContentHash()
    {
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        var pixels = new byte[Side * Side * 3];
        for (int i = 0; i < Count; i++)
        {
            Render(_labels[i], SplitMix64.ForStream(Seed, (ulong)i), pixels);
            hash.AppendData(pixels);
            hash.AppendData([(byte)_labels[i]]);
        }

        return hash.GetHashAndReset();
    }

    /// <summary>Draws one sample of class <paramref name="label"/> into interleaved RGB <paramref name="pixels"/>.</summary>
    private static void Render(int label, SplitMix64 random, Span<byte> pixels)
    {
        Span<int> foreground = stackalloc int[3];
        Span<int> background = stackalloc int[3];
        for (int c = 0; c < 3; c++)
        {
            foreground[c] = random.NextInt(256);

            // 96..159 levels away (modulo 256) in every channel: the pattern never fades into the background.
            background[c] = (foreground[c] + 96 + random.NextInt(64)) & 255;
        }

        int period = random.NextInt(4, 8);
        int phase = random.NextInt(period);
        int cx = random.NextInt(12, 19);
        int cy = random.NextInt(12, 19);
        int size = random.NextInt(8, 12);
        int inner = size - random.NextInt(3, 4);
        int armWidth = random.NextInt(2, 3);
        int cell = random.NextInt(3, 6);
        int phaseY = random.NextInt(Math.Max(cell, period));
        for (int y = 0; y < Side; y++)
        {
            for (int x = 0; x < Side; x++)
            {
                int dx = x - cx;
                int dy = y - cy;
                int squared = (dx * dx) + (dy * dy);
                bool on = label switch
                {
                    0 => (y + phase) % period < period / 2,
                    1 => (x + phase) % period < period / 2,
                    2 => (x + y + phase) % period < period / 2,
                    3 => (x + phase) % period < 2 && (y + phaseY) % period < 2,
                    4 => Math.Abs(dx) <= size - 1 && Math.Abs(dy) <= size - 1,
                    5 => dy >= -size && dy <= size && 2 * Math.Abs(dx) <= dy + size,
                    6 => (((x + phase) / cell) + ((y + phaseY) / cell)) % 2 == 0,
                    7 => squared <= size * size && squared > inner * inner,
                    8 => Math.Abs(dx) < armWidth || Math.Abs(dy) < armWidth,
                    _ => (x - y + (2 * Side) + phase) % period < period / 2,
                };
                var colour = on ? foreground : background;
                int offset = ((y * Side) + x) * 3;
                for (int c = 0; c < 3; c++)
                {
                    int noise = random.NextInt(-NoiseAmplitude, NoiseAmplitude);
                    pixels[offset + c] = (byte)Math.Clamp(colour[c] + noise, 0, 255);
                }
            }
        }
    }
}
