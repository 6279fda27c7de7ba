using RobustGate.Engine.Corruptions;
using RobustGate.Engine.Evaluation;
using RobustGate.Engine.Kernels;
using RobustGate.Engine.Models;
using RobustGate.Engine.Randomness;
using RobustGate.Engine.Tensors;
using RobustGate.Engine.Training;

namespace RobustGate.Engine.Tests.Overlap;

/// <summary>
/// The corruption-augmentation recipe of the overlap experiment: which images it corrupts, with what,
/// and that the thread count never changes the batch.
/// </summary>
[Collection("EngineThreads")]
public sealed class CorruptionAugmentationRecipeTests
{
    private const int Batch = 12;

    /// <summary>A batch of random byte/255 pixels, as datasets load them.</summary>
    private static float[] RandomBatch((int C, int H, int W) shape, int seed)
    {
        var random = new Random(seed);
        var pixels = new float[Batch * shape.C * shape.H * shape.W];
        for (var i = 0; i < pixels.Length; i++)
        {
            pixels[i] = random.Next(256) / 255f;
        }

        return pixels;
    }

    private static float[] Prepare(CorruptionAugmentationRecipe recipe, (int C, int H, int W) shape, float[] clean, ulong seed)
    {
        var pixels = (float[])clean.Clone();
        var model = new SmallCnn(2, new Generator(1), shape.C, shape.H, shape.W);
        recipe.PrepareBatch(new RecipeBatchContext(model, 0, 0, shape, new Generator(seed)), pixels, new int[Batch]);
        return pixels;
    }

    [Theory]
    [InlineData("impulse_noise", 3)]
    [InlineData("glass_blur", 3)]
    [InlineData("gaussian_noise", 1)]
    public void Result_does_not_depend_on_the_thread_count(string corruption, int channels)
    {
        var shape = (channels, 16, 16);
        var clean = RandomBatch(shape, 2);
        var before = EngineThreads.Count;
        try
        {
            EngineThreads.Count = 1;
            var serial = Prepare(new CorruptionAugmentationRecipe(corruption), shape, clean, 7);
            EngineThreads.Count = 4;
            var parallel = Prepare(new CorruptionAugmentationRecipe(corruption), shape, clean, 7);
            Assert.Equal(serial, parallel);
            Assert.NotEqual(clean, serial);
        }
        finally
        {
            EngineThreads.Count = before;
        }
    }

    [Fact]
    public void First_half_is_corrupted_and_second_half_untouched()
    {
        var shape = (3, 16, 16);
        var d = 3 * 16 * 16;
        var clean = RandomBatch(shape, 3);
        var pixels = Prepare(new CorruptionAugmentationRecipe("shot_noise"), shape, clean, 11);
        for (var i = 0; i < Batch; i++)
        {
            var same = clean.AsSpan(i * d, d).SequenceEqual(pixels.AsSpan(i * d, d));
            Assert.True(same == (i >= Batch / 2), $"image {i}: {(same ? "unchanged" : "changed")}");
        }

        Assert.All(pixels, p => Assert.InRange(p, 0f, 1f));
    }

    [Fact]
    public void Corrupted_images_are_the_corruption_at_a_severity_drawn_from_one_to_five()
    {
        // Replays the documented draws: per corrupted image, severity = uniform 1..5, then a 32-bit
        // NumpyRandom seed, both from the batch generator in batch order.
        var shape = (3, 16, 16);
        var d = 3 * 16 * 16;
        var clean = RandomBatch(shape, 4);
        var pixels = Prepare(new CorruptionAugmentationRecipe("impulse_noise", CorruptionProfile.Cifar), shape, clean, 13);
        var corruption = new CorruptionRegistry(new CorruptionOptions { Profile = CorruptionProfile.Cifar }).Get("impulse_noise");
        var input = new ModelInputSpec(3, 16, 16);
        var draws = new Generator(13);
        var expected = new float[d];
        for (var i = 0; i < Batch / 2; i++)
        {
            var severity = (int)draws.NextInt64(1, 6);
            var seed = (uint)(draws.NextUInt64() >> 32);
            var image = CorruptionAugmentationRecipe.ToImage(clean.AsSpan(i * d, d), 3, 16, 16);
            input.ToTensor(corruption.Apply(image, severity, new NumpyRandom(seed)), expected);
            Assert.Equal(expected, pixels.AsSpan(i * d, d).ToArray());
        }
    }

    [Fact]
    public void Float_to_byte_conversion_is_exact_for_dataset_pixels()
    {
        var levels = Enumerable.Range(0, 256).Select(b => b / 255f).ToArray();
        var image = CorruptionAugmentationRecipe.ToImage(levels, 1, 16, 16);
        Assert.Equal(Enumerable.Range(0, 256).Select(b => (byte)b), image.Pixels);
    }

    [Fact]
    public void Gray_images_stay_gray_and_in_range()
    {
        var shape = (1, 28, 28);
        var pixels = Prepare(new CorruptionAugmentationRecipe("contrast"), shape, RandomBatch(shape, 6), 5);
        Assert.Equal(Batch * 28 * 28, pixels.Length);
        Assert.All(pixels, p => Assert.InRange(p, 0f, 1f));
    }

    [Fact]
    public void Unknown_corruption_names_the_option_and_suggests_the_nearest()
    {
        var error = Assert.Throws<ConfigurationException>(() => new CorruptionAugmentationRecipe("gausian_noise"));
        Assert.Contains("--corruption", error.Message, StringComparison.Ordinal);
        Assert.Contains("'gaussian_noise'", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Two_channel_data_is_rejected()
    {
        var recipe = new CorruptionAugmentationRecipe("contrast");
        var model = new SmallCnn(2, new Generator(1), 2, 8, 8);
        Assert.Throws<ConfigurationException>(() =>
            recipe.PrepareBatch(new RecipeBatchContext(model, 0, 0, (2, 8, 8), new Generator(1)), new float[4 * 128], new int[4]));
    }

    [Fact]
    public void Trains_the_tiny_task_and_keeps_its_state_empty()
    {
        var model = new SmallCnn(2, new Generator(3), 1, 8, 8);
        var recipe = new CorruptionAugmentationRecipe("contrast");
        var trainer = new Trainer(model, new TrainerOptions { Epochs = 3, BatchSize = 16, Seed = 4 }, recipe);
        var records = trainer.Fit(RobustGate.Engine.Tests.Training.TinyHalves.Create(96, 1), RobustGate.Engine.Tests.Training.TinyHalves.Create(40, 2));
        Assert.Equal("corruption", recipe.Name);
        Assert.True(records[^1].TrainLoss < records[0].TrainLoss, $"train loss {records[0].TrainLoss} -> {records[^1].TrainLoss}");
        Assert.Empty(recipe.ExportState());
    }
}
