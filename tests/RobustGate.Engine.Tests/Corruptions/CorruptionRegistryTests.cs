using RobustGate.Engine.Corruptions;
using RobustGate.Engine.Imaging;
using RobustGate.Engine.Randomness;

namespace RobustGate.Engine.Tests.Corruptions;

public sealed class CorruptionRegistryTests
{
    private static readonly CorruptionRegistry Registry = new();

    [Fact]
    public void Lists_the_benchmark_the_extras_noc_and_the_noise_families()
    {
        Assert.Equal(15, CorruptionRegistry.Benchmark15.Count);
        foreach (var name in CorruptionRegistry.Benchmark15.Concat(CorruptionRegistry.Extra4))
        {
            Assert.True(Registry.TryGet(name, out _), name);
        }

        Assert.Equal(CorruptionRegistry.Benchmark15, Registry.All.Take(15).Select(c => c.Name));
        Assert.Equal(8, Registry.InGroup(CorruptionGroup.Noc).Count());
        Assert.Equal(5, Registry.InGroup(CorruptionGroup.NoiseFamily).Count());
        Assert.Equal(4, Registry.InGroup(CorruptionGroup.Extra).Count());
        Assert.Equal(["gaussian_noise", "shot_noise", "impulse_noise"], Registry.InGroup(CorruptionGroup.Noise).Select(c => c.Name));
        Assert.Equal(Registry.All.Count, Registry.Names.Distinct().Count());
    }

    [Theory]
    [InlineData("gausian_noise", "gaussian_noise")]
    [InlineData("zoom-blurr", "zoom_blur")]
    [InlineData("jpeg", "jpeg_compression")]
    [InlineData("elastic", "elastic_transform")]
    public void Unknown_names_get_a_did_you_mean_hint(string typo, string suggestion)
    {
        var error = Assert.Throws<ConfigurationException>(() => Registry.Get(typo));
        Assert.Contains($"Did you mean '{suggestion}'", error.Message, StringComparison.Ordinal);
        Assert.Contains(typo, error.Message, StringComparison.Ordinal);
        Assert.Equal(ExitCodes.UsageOrConfiguration, error.ExitCode);
    }

    [Fact]
    public void Names_are_matched_ignoring_case_dashes_and_spaces()
    {
        Assert.Equal("gaussian_noise", Registry.Get("Gaussian-Noise").Name);
        Assert.Equal("motion_blur", Registry.Get(" motion blur ").Name);
    }

    [Fact]
    public void A_name_far_from_everything_gets_no_hint_but_the_list()
    {
        var error = Assert.Throws<ConfigurationException>(() => Registry.Get("xyzzy"));
        Assert.DoesNotContain("Did you mean", error.Message, StringComparison.Ordinal);
        Assert.Contains("gaussian_noise", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(6)]
    public void Severities_outside_one_to_five_are_rejected(int severity)
    {
        var image = new Image(32, 32, 3);
        var error = Assert.Throws<ConfigurationException>(() => Registry.Get("contrast").Apply(image, severity, new NumpyRandom(1)));
        Assert.Contains("severity", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Frost_without_a_texture_folder_says_it_uses_the_procedural_texture()
    {
        Assert.Contains("procedural", Registry.Get("frost").Description, StringComparison.Ordinal);
        var image = TestImages.Gradient(64, 48);
        var output = Registry.Get("frost").Apply(image, 3, new NumpyRandom(5));
        Assert.Equal((64, 48, 3), (output.Width, output.Height, output.Channels));
        Assert.NotEqual(image.Pixels, output.Pixels);
    }

    [Fact]
    public void Profiles_use_their_own_parameter_tables()
    {
        var image = TestImages.Gradient(32, 32);
        var imageNet = Registry.Get("contrast").Apply(image, 1, new NumpyRandom(1));
        var cifar = new CorruptionRegistry(new CorruptionOptions { Profile = CorruptionProfile.Cifar }).Get("contrast").Apply(image, 1, new NumpyRandom(1));
        Assert.NotEqual(imageNet.Pixels, cifar.Pixels);
    }

    [Fact]
    public void Every_corruption_handles_every_severity_and_gray_input_like_stacked_rgb()
    {
        var gray = TestImages.Gradient(40, 36, channels: 1);
        var stacked = TestImages.Stack(gray);
        foreach (var corruption in Registry.All)
        {
            for (var severity = 1; severity <= 5; severity++)
            {
                var fromGray = corruption.Apply(gray, severity, new NumpyRandom(11));
                var fromRgb = corruption.Apply(stacked, severity, new NumpyRandom(11));
                Assert.Equal(3, fromGray.Channels);
                Assert.True(fromRgb.Pixels.AsSpan().SequenceEqual(fromGray.Pixels), $"{corruption.Name} s{severity}");
            }
        }
    }
}
