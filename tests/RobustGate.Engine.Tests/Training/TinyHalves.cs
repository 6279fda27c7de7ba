using RobustGate.Engine.Tensors;
using RobustGate.Engine.Training;

namespace RobustGate.Engine.Tests.Training;

/// <summary>Two classes of 8x8 grey images: a bright left half or a bright right half, with noise.</summary>
internal static class TinyHalves
{
    public static InMemoryBatchSource Create(int count, ulong seed)
    {
        var generator = new Generator(seed);
        var pixels = new float[count * 64];
        var labels = new int[count];
        for (var i = 0; i < count; i++)
        {
            labels[i] = i % 2;
            for (var y = 0; y < 8; y++)
            {
                for (var x = 0; x < 8; x++)
                {
                    var bright = (x < 4) == (labels[i] == 0);
                    pixels[(i * 64) + (y * 8) + x] = (bright ? 0.7f : 0.3f) + (0.2f * (generator.NextSingle() - 0.5f));
                }
            }
        }

        return new InMemoryBatchSource(pixels, labels, 1, 8, 8);
    }
}
