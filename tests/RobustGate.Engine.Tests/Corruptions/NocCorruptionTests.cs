using RobustGate.Engine.Corruptions;
using RobustGate.Engine.Randomness;

namespace RobustGate.Engine.Tests.Corruptions;

public sealed class NocCorruptionTests
{
    private static readonly CorruptionRegistry Registry = new();

    [Fact]
    public void The_eight_noc_corruptions_change_the_image_deterministically()
    {
        var image = TestImages.Gradient(224, 224);
        var names = Registry.InGroup(CorruptionGroup.Noc).Select(c => c.Name).ToArray();
        Assert.Equal(
            ["noc_shear", "noc_rain", "noc_hue", "noc_quantization", "noc_brightness", "noc_border", "noc_blur", "noc_vertical_artifacts"],
            names);
        foreach (var name in names)
        {
            var corruption = Registry.Get(name);
            for (var severity = 1; severity <= 5; severity++)
            {
                var a = corruption.Apply(image, severity, new NumpyRandom(21)).Pixels;
                var b = corruption.Apply(image, severity, new NumpyRandom(21)).Pixels;
                Assert.Equal(a, b);
                Assert.False(a.AsSpan().SequenceEqual(image.Pixels), $"{name} s{severity} left the image unchanged");
            }
        }
    }

    [Fact]
    public void Quantization_uses_fewer_levels_at_higher_severity()
    {
        var image = TestImages.Gradient(224, 224);
        var quantization = Registry.Get("noc_quantization");
        var levels = Enumerable.Range(1, 5).Select(s => quantization.Apply(image, s, new NumpyRandom(3)).Pixels.Distinct().Count()).ToArray();
        Assert.Equal(9, levels[0]); // n = 8 → values k/8, k = 0..8
        Assert.True(levels[4] <= 5, string.Join(",", levels));
        Assert.True(levels.Zip(levels.Skip(1)).All(p => p.First >= p.Second), string.Join(",", levels));
    }

    [Fact]
    public void Border_frames_the_image_in_one_gray()
    {
        var output = Registry.Get("noc_border").Apply(TestImages.Gradient(224, 224), 5, new NumpyRandom(8));
        var corner = output[0, 0, 0];
        for (var i = 0; i < 224; i++)
        {
            Assert.Equal(corner, output[0, i, 1]);
            Assert.Equal(corner, output[i, 0, 2]);
            Assert.Equal(corner, output[223, i, 0]);
            Assert.Equal(corner, output[i, 223, 1]);
        }
    }

    [Fact]
    public void Brightness_shifts_every_value_by_at_least_the_minimum()
    {
        var flat = TestImages.Flat(32, 32, 128);
        var output = Registry.Get("noc_brightness").Apply(flat, 1, new NumpyRandom(5)).Pixels;
        var shift = output[0] - 128;
        Assert.All(output, v => Assert.Equal(output[0], v));
        Assert.InRange(Math.Abs(shift), (int)(0.16 * 255), (int)(0.23 * 255) + 1);
    }
}
