using RobustGate.Engine.Corruptions;
using RobustGate.Engine.Randomness;

namespace RobustGate.Engine.Tests.Corruptions;

/// <summary>
/// Statistical properties of the ANT noise families on a flat mid-gray 128×128 image (49,152
/// values). Tolerances are several standard errors wide: e.g. the sample std of 49,152 normals has
/// a relative standard error of ~0.3 %, so 3 % cannot fail by chance.
/// </summary>
public sealed class NoiseFamilyTests
{
    [Fact]
    public void Gaussian_family_adds_zero_mean_noise_with_the_given_sigma()
    {
        var output = NoiseFamily.Gaussian(0.1).Apply(TestImages.Flat(128, 128, 128), 3, new NumpyRandom(1)).Pixels;
        var (mean, std) = Stats(output);

        // Truncation to 8 bits lowers the mean by ~0.5 level; the std is 0.1·255 = 25.5 levels.
        Assert.InRange(mean, (128 / 255.0 * 255) - 1.0, (128 / 255.0 * 255) + 0.2);
        Assert.InRange(std, 25.5 * 0.97, 25.5 * 1.03);
    }

    [Fact]
    public void Uniform_family_stays_within_its_half_width_and_has_its_std()
    {
        var output = NoiseFamily.Uniform(0.2).Apply(TestImages.Flat(128, 128, 128), 1, new NumpyRandom(2)).Pixels;
        Assert.All(output, v => Assert.InRange(v, 128 - 52, 128 + 51));
        var (_, std) = Stats(output);
        Assert.InRange(std, 0.2 * 255 / Math.Sqrt(3) * 0.97, 0.2 * 255 / Math.Sqrt(3) * 1.03);
    }

    [Fact]
    public void Speckle_family_scales_with_the_pixel_value()
    {
        var black = NoiseFamily.Speckle(0.3).Apply(TestImages.Flat(64, 64, 0), 1, new NumpyRandom(3)).Pixels;
        Assert.All(black, v => Assert.Equal(0, v));
        var (_, std) = Stats(NoiseFamily.Speckle(0.3).Apply(TestImages.Flat(128, 128, 128), 1, new NumpyRandom(3)).Pixels);
        Assert.InRange(std, 0.3 * 128 * 0.97, 0.3 * 128 * 1.03);
    }

    [Fact]
    public void Salt_and_pepper_hits_whole_pixels_with_the_given_probability()
    {
        var output = NoiseFamily.SaltAndPepper(0.2).Apply(TestImages.Flat(128, 128, 128), 1, new NumpyRandom(4)).Pixels;
        int salt = 0, pepper = 0;
        for (var p = 0; p < output.Length; p += 3)
        {
            Assert.True(output[p] == output[p + 1] && output[p] == output[p + 2]);
            Assert.Contains(output[p], new byte[] { 0, 128, 255 });
            salt += output[p] == 255 ? 1 : 0;
            pepper += output[p] == 0 ? 1 : 0;
        }

        // 16,384 pixels at p = 0.2: the hit count's std is ~51, so ±300 is about six of them.
        Assert.InRange(salt + pepper, 3277 - 300, 3277 + 300);
        Assert.InRange(salt - pepper, -300, 300);
    }

    [Fact]
    public void Multi_sigma_gaussian_draws_its_sigma_from_the_set()
    {
        var family = NoiseFamily.MultiSigmaGaussian([0.05, 0.3]);
        var stds = new HashSet<string>();
        for (uint seed = 0; seed < 12; seed++)
        {
            var (_, std) = Stats(family.Apply(TestImages.Flat(128, 128, 128), 1, new NumpyRandom(seed)).Pixels);

            // 0.05·255 = 12.75 levels; 0.3·255 = 76.5 levels, a little less after clipping.
            stds.Add(std switch
            {
                > 12.0 and < 13.5 => "0.05",
                > 65 and < 77 => "0.3",
                _ => $"unexpected {std}",
            });
        }

        Assert.Equal(new HashSet<string> { "0.05", "0.3" }, stds);
    }

    [Fact]
    public void Bad_parameters_are_configuration_errors()
    {
        Assert.Throws<ConfigurationException>(() => NoiseFamily.Gaussian(-0.1));
        Assert.Throws<ConfigurationException>(() => NoiseFamily.SaltAndPepper(1.5));
        Assert.Throws<ConfigurationException>(() => NoiseFamily.Uniform(0.1, 0.2));
        Assert.Throws<ConfigurationException>(() => NoiseFamily.MultiSigmaGaussian([]));
    }

    private static (double Mean, double Std) Stats(byte[] values)
    {
        var mean = values.Average(v => (double)v);
        var variance = values.Average(v => (v - mean) * (v - mean));
        return (mean, Math.Sqrt(variance));
    }
}
