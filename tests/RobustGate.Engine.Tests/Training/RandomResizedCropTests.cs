using RobustGate.Engine.Tensors;
using RobustGate.Engine.Training;

namespace RobustGate.Engine.Tests.Training;

public sealed class RandomResizedCropTests
{
    [Fact]
    public void Resize_matches_torch_bilinear_interpolate()
    {
        // 1x5x6 image with values ((i*7+3) mod 11)/10, crop rows 1..3, columns 2..4, resized to 5x6 by
        // torch.nn.functional.interpolate(mode='bilinear', align_corners=False) (torch 1.13).
        // Tolerance 1e-6: float32 lerps of values that are multiples of 0.1, a few ulps apart at most.
        float[] expected =
        [
            0.4000000f, 0.3000000f, 0.1000000f, 0.1750000f, 0.5250000f, 0.7000000f, 0.3200000f, 0.3300000f, 0.3500000f, 0.4250000f,
            0.5550000f, 0.6200000f, 0.2000000f, 0.3750000f, 0.7250000f, 0.8000000f, 0.6000000f, 0.5000000f, 0.0800000f, 0.2550000f,
            0.6050000f, 0.6800000f, 0.4800000f, 0.3800000f, 0.0000000f, 0.1750000f, 0.5250000f, 0.6000000f, 0.4000000f, 0.3000000f,
        ];
        var source = Enumerable.Range(0, 30).Select(i => ((i * 7) + 3) % 11 / 10f).ToArray();
        var output = new float[30];
        RandomResizedCrop.ResizeCrop(source, output, 1, 5, 6, (1, 2, 3, 3));
        for (var i = 0; i < 30; i++)
        {
            Assert.Equal(expected[i], output[i], 1e-6f);
        }
    }

    [Fact]
    public void Full_image_crop_is_the_identity()
    {
        var source = Enumerable.Range(0, 3 * 7 * 9).Select(i => (float)Math.Sin(i)).ToArray();
        var output = new float[source.Length];
        RandomResizedCrop.ResizeCrop(source, output, 3, 7, 9, (0, 0, 7, 9));
        Assert.Equal(source, output);
    }

    [Fact]
    public void Crops_lie_inside_the_image_with_torchvision_scale_and_ratio()
    {
        var random = new Generator(5);
        var shares = new List<double>();
        for (var i = 0; i < 2000; i++)
        {
            var (top, left, h, w) = RandomResizedCrop.SampleCrop(224, 224, random);
            Assert.InRange(top, 0, 224 - h);
            Assert.InRange(left, 0, 224 - w);
            Assert.InRange(h, 1, 224);
            Assert.InRange(w, 1, 224);
            shares.Add(h * w / (224.0 * 224.0));
        }

        // Accepted draws are U(0.08, 1) in area share, less the large ones whose side would exceed 224
        // at extreme ratios: the mean lies a little under 0.54 and the extremes near the bounds.
        Assert.InRange(shares.Average(), 0.42, 0.54);
        Assert.True(shares.Min() < 0.09 && shares.Min() > 0.07);
        Assert.True(shares.Max() > 0.95);
    }

    [Fact]
    public void Extreme_aspect_falls_back_to_the_clamped_centre_crop()
    {
        // A 1x1000 strip: no draw fits, so torchvision's fallback takes height 1 and width round(4/3) = 1.
        Assert.Equal((0, 499, 1, 1), RandomResizedCrop.SampleCrop(1, 1000, new Generator(1)));
    }

    [Fact]
    public void Same_seed_same_batch()
    {
        var pixels = Enumerable.Range(0, 4 * 3 * 16 * 16).Select(i => (float)((i * 37) % 101) / 100f).ToArray();
        float[] a = [.. pixels], b = [.. pixels];
        new BasicAugmentation(0, true, randomResizedCrop: true).Apply(a, 4, (3, 16, 16), new Generator(9));
        new BasicAugmentation(0, true, randomResizedCrop: true).Apply(b, 4, (3, 16, 16), new Generator(9));
        Assert.Equal(a, b);
        Assert.NotEqual(pixels, a);
    }
}
