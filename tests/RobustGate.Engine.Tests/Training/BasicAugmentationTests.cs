using RobustGate.Engine.Tensors;
using RobustGate.Engine.Training;

namespace RobustGate.Engine.Tests.Training;

public sealed class BasicAugmentationTests
{
    [Fact]
    public void Flip_only_mirrors_about_half_the_images_exactly()
    {
        const int n = 200;
        var pixels = new float[n * 2 * 3 * 4];
        for (var i = 0; i < pixels.Length; i++)
        {
            pixels[i] = i;
        }

        var original = (float[])pixels.Clone();
        new BasicAugmentation(0, horizontalFlip: true).Apply(pixels, n, (2, 3, 4), new Generator(1));
        var flipped = 0;
        for (var i = 0; i < n; i++)
        {
            var image = pixels.AsSpan(i * 24, 24);
            var source = original.AsSpan(i * 24, 24);
            if (image.SequenceEqual(source))
            {
                continue;
            }

            flipped++;
            for (var row = 0; row < 6; row++)
            {
                for (var x = 0; x < 4; x++)
                {
                    Assert.Equal(source[(row * 4) + 3 - x], image[(row * 4) + x]);
                }
            }
        }

        // Binomial(200, 1/2): 60..140 is more than 8 standard deviations wide.
        Assert.InRange(flipped, 60, 140);
    }

    [Fact]
    public void Crop_shifts_with_zero_fill()
    {
        const int n = 50;
        var pixels = new float[n * 25];
        Array.Fill(pixels, 1f);
        new BasicAugmentation(2, horizontalFlip: false).Apply(pixels, n, (1, 5, 5), new Generator(2));
        var shifted = 0;
        for (var i = 0; i < n; i++)
        {
            var zeros = pixels.AsSpan(i * 25, 25).Count(0f);
            // A shift by (dy, dx) in [-2, 2]² zeroes 25 − (5 − |dy|)(5 − |dx|) pixels: 0 .. 16.
            Assert.InRange(zeros, 0, 16);
            if (zeros > 0)
            {
                shifted++;
            }
        }

        Assert.True(shifted > 25, $"only {shifted} of {n} images were shifted");
    }
}
