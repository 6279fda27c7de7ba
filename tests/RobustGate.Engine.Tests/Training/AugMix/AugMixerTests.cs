using RobustGate.Engine.Imaging;
using RobustGate.Engine.Kernels;
using RobustGate.Engine.Models;
using RobustGate.Engine.Tensors;
using RobustGate.Engine.Training;
using RobustGate.Engine.Training.AugMix;

namespace RobustGate.Engine.Tests.Training.AugMix;

/// <summary>Augment-and-mix: exact 8-bit round trip, per-image seeding, thread-count independence, the three views.</summary>
[Collection("EngineThreads")]
public sealed class AugMixerTests
{
    private const int Side = 12;

    [Fact]
    public void Floats_from_bytes_convert_back_exactly()
    {
        var floats = new float[256];
        for (var b = 0; b < 256; b++)
        {
            floats[b] = b / 255f;
        }

        var image = new Image(16, 16, 1);
        AugMixer.ToBytes(floats, image);
        for (var b = 0; b < 256; b++)
        {
            Assert.Equal(b, image.Pixels[b]);
        }
    }

    [Theory]
    [InlineData(1)]
    [InlineData(3)]
    public void Each_image_depends_only_on_itself_and_its_seed(int channels)
    {
        var mixer = new AugMixer(new AugMixOptions { AllOperations = true });
        var d = channels * Side * Side;
        var source = Images(5, d);
        ulong[] seeds = [11, 12, 13, 14, 15];
        var batch = new float[5 * d];
        mixer.Mix(source, 0, batch, 0, (channels, Side, Side), seeds);
        Assert.All(batch, v => Assert.InRange(v, 0f, 1f));
        for (var i = 0; i < 5; i++)
        {
            var single = new float[d];
            mixer.Mix(source, i * d, single, 0, (channels, Side, Side), [seeds[i]]);
            Assert.Equal(single, batch.AsSpan(i * d, d).ToArray());
            Assert.NotEqual(source.AsSpan(i * d, d).ToArray(), single);
        }

        var reseeded = new float[d];
        mixer.Mix(source, 0, reseeded, 0, (channels, Side, Side), [99]);
        Assert.NotEqual(batch.AsSpan(0, d).ToArray(), reseeded);
    }

    [Fact]
    public void Mixing_is_identical_for_any_thread_count()
    {
        var saved = EngineThreads.Count;
        try
        {
            var mixer = new AugMixer(new AugMixOptions());
            var d = 3 * Side * Side;
            var source = Images(40, d);
            var seeds = Enumerable.Range(0, 40).Select(i => (ulong)(1000 + i)).ToArray();
            float[] Run(int threads)
            {
                EngineThreads.Count = threads;
                var output = new float[40 * d];
                mixer.Mix(source, 0, output, 0, (3, Side, Side), seeds);
                return output;
            }

            Assert.Equal(Run(1), Run(2));
        }
        finally
        {
            EngineThreads.Count = saved;
        }
    }

    [Fact]
    public void Jsd_views_are_clean_then_two_different_augmix_draws()
    {
        var recipe = new AugMixRecipe();
        var d = Side * Side;
        var source = Images(4, d);
        var model = new SmallCnn(2, new Generator(3), 1, Side, Side);
        var context = new RecipeBatchContext(model, 0, 0, (1, Side, Side), new Generator(5));
        Assert.Equal(3, recipe.BuildViews(context, source, 4));
        var views = recipe.Views;
        Assert.True(views[..(4 * d)].SequenceEqual(source));
        for (var i = 0; i < 4; i++)
        {
            Assert.False(views.Slice((4 + i) * d, d).SequenceEqual(views.Slice((8 + i) * d, d)));
        }

        var single = new AugMixRecipe(new AugMixOptions { Jsd = false });
        Assert.Equal(1, single.BuildViews(new RecipeBatchContext(model, 0, 0, (1, Side, Side), new Generator(5)), source, 4));
        // The same batch generator gives the single-view recipe the JSD recipe's first augmix draw.
        Assert.True(single.Views[..(4 * d)].SequenceEqual(views.Slice(4 * d, 4 * d)));
    }

    [Theory]
    [InlineData(0, 3, -1, 1.0, 12.0, "--augmix-severity")]
    [InlineData(11, 3, -1, 1.0, 12.0, "--augmix-severity")]
    [InlineData(3, 0, -1, 1.0, 12.0, "--augmix-width")]
    [InlineData(3, 3, 0, 1.0, 12.0, "--augmix-depth")]
    [InlineData(3, 3, -2, 1.0, 12.0, "--augmix-depth")]
    [InlineData(3, 3, -1, 0.0, 12.0, "--augmix-alpha")]
    [InlineData(3, 3, -1, 1.0, -1.0, "--jsd-lambda")]
    public void Options_out_of_range_name_the_option(int severity, int width, int depth, double alpha, double lambda, string option)
    {
        var error = Assert.Throws<ConfigurationException>(() => new AugMixer(new AugMixOptions { Severity = severity, Width = width, Depth = depth, Alpha = alpha, JsdLambda = lambda }));
        Assert.Contains(option, error.Message);
    }

    private static float[] Images(int count, int d)
    {
        // Bytes as a dataset delivers them (b/255), with structure for the geometric ops to move.
        var random = new Generator(77);
        var pixels = new float[count * d];
        for (var i = 0; i < pixels.Length; i++)
        {
            pixels[i] = ((i % 7 < 3 ? 200 : 40) + (int)random.NextInt64(0, 50)) / 255f;
        }

        return pixels;
    }
}
