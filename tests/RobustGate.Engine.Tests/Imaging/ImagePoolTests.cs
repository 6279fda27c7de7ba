using RobustGate.Engine.Corruptions;
using RobustGate.Engine.Imaging;
using RobustGate.Engine.Randomness;

namespace RobustGate.Engine.Tests.Imaging;

public sealed class ImagePoolTests
{
    // An odd shape no other test uses, so parallel tests cannot take these arrays first.
    private const int Width = 37;
    private const int Height = 19;

    [Fact]
    public void Returned_pixels_are_rented_again_once()
    {
        var image = new Image(Width, Height, 2);
        ImagePool.Return(image);
        ImagePool.Return(image);
        var first = ImagePool.Rent(Width, Height, 2);
        var second = ImagePool.Rent(Width, Height, 2);
        Assert.Same(image.Pixels, first.Pixels);
        Assert.NotSame(first.Pixels, second.Pixels);
        Assert.Equal((Width, Height, 2), (second.Width, second.Height, second.Channels));
    }

    [Fact]
    public void A_corruption_writing_into_a_dirty_recycled_image_gives_the_same_pixels()
    {
        var source = new Image(Width, Height, 3);
        var rng = new NumpyRandom(5);
        for (var i = 0; i < source.Pixels.Length; i++)
        {
            source.Pixels[i] = (byte)rng.RandInt(256);
        }

        var registry = new CorruptionRegistry(new CorruptionOptions());
        foreach (var name in CorruptionRegistry.Benchmark15)
        {
            var corruption = registry.Get(name);
            var fresh = corruption.Apply(source, 2, new NumpyRandom(11)).Pixels.ToArray();

            // Fill the pool with images full of a value no corruption produces everywhere.
            var dirty = new Image(Width, Height, 3);
            Array.Fill(dirty.Pixels, (byte)77);
            ImagePool.Return(dirty);
            var recycled = corruption.Apply(source, 2, new NumpyRandom(11));
            Assert.True(fresh.AsSpan().SequenceEqual(recycled.Pixels), name);
        }
    }
}
