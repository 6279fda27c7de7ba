using RobustGate.Engine.Data;
using RobustGate.Engine.Models;
using RobustGate.Engine.Nn;
using RobustGate.Engine.Tensors;
using RobustGate.Engine.Training;

namespace RobustGate.Engine.Tests.Training;

/// <summary>ANT+SIN: which batch slots are noisy, clean and stylized, the stylized source itself, determinism and resume.</summary>
[Collection("EngineThreads")]
public sealed class AntStylizedTests
{
    private static readonly string[] Classes = ["a", "b"];

    private static AntRecipe Recipe(StylizedFolder folder, int retrainSteps = 1)
    {
        var source = new StylizedImageSource(folder.Root);
        source.Load(Classes, new ImageShape(1, 8, 8));
        return new AntRecipe(new AntOptions { RetrainSteps = retrainSteps }, source);
    }

    /// <summary>Runs epochs 0..epoch's BeginEpoch, then one PrepareBatch of 70 images at <paramref name="epoch"/>.</summary>
    private static (float[] Clean, float[] Mixed, int[] Labels, double Epsilon) Batch(AntRecipe recipe, int epoch, ulong batchSeed)
    {
        var model = new SmallCnn(2, new Generator(3), 1, 8, 8);
        var data = TinyHalves.Create(70, 5);
        for (var e = 0; e <= epoch; e++)
        {
            recipe.BeginEpoch(new RecipeEpochContext(model, e, (1, 8, 8), data, 70, 1));
        }

        var pixels = new float[70 * 64];
        var labels = new int[70];
        data.FillBatch(Enumerable.Range(0, 70).ToArray(), pixels, labels);
        var clean = (float[])pixels.Clone();
        recipe.PrepareBatch(new RecipeBatchContext(model, epoch, 0, (1, 8, 8), new Generator(batchSeed)), pixels, labels);
        return (clean, pixels, labels, recipe.CurrentGenerator!.Epsilon);
    }

    private static double Distance(ReadOnlySpan<float> a, ReadOnlySpan<float> b)
    {
        double sum = 0;
        for (var k = 0; k < a.Length; k++)
        {
            sum += (a[k] - (double)b[k]) * (a[k] - (double)b[k]);
        }

        return Math.Sqrt(sum);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    public void Noisy_clean_and_stylized_slots_follow_the_reference_layout(int epoch)
    {
        // B = 70 as in the reference: noise in [0,35) (epoch 0: current NG; later 21 current + 2x7 replay),
        // clean [35,55), stylized [55,70) — the last 15 slots.
        using var folder = new StylizedFolder(2, 3, 8, 8);
        var recipe = Recipe(folder);
        Assert.Equal("ant+sin", recipe.Name);
        var (clean, mixed, labels, epsilon) = Batch(recipe, epoch, 2);
        for (var i = 0; i < 70; i++)
        {
            var image = mixed.AsSpan(i * 64, 64);
            var original = clean.AsSpan(i * 64, 64);
            if (i < 35)
            {
                // float32 output of the projection: 1e-5 relative.
                Assert.Equal(epsilon, Distance(image, original), epsilon * 1e-5);
            }
            else if (i < 55)
            {
                Assert.True(image.SequenceEqual(original), $"image {i} should be clean");
            }
            else
            {
                // A stylized image of the slot's own class: uniform, at one of that class's three grey values.
                var value = image[0];
                Assert.True(image.ToArray().All(v => v == value), $"image {i} should be a uniform stylized image");
                Assert.Contains(value, Enumerable.Range(0, 3).Select(k => StylizedFolder.Grey(labels[i], k)));
            }
        }
    }

    [Fact]
    public void Same_seed_gives_the_same_batch_and_another_seed_other_stylized_draws()
    {
        using var folder = new StylizedFolder(2, 5, 8, 8);
        var a = Batch(Recipe(folder), 1, 2).Mixed;
        var b = Batch(Recipe(folder), 1, 2).Mixed;
        var c = Batch(Recipe(folder), 1, 3).Mixed;
        Assert.Equal(a, b);
        Assert.False(a.AsSpan(55 * 64).SequenceEqual(c.AsSpan(55 * 64)), "another batch seed should draw other stylized images");
    }

    [Fact]
    public void Larger_colour_images_are_converted_to_grey_resized_and_cropped_to_the_training_shape()
    {
        using var folder = new StylizedFolder(2, 2, 20, 12);
        var source = new StylizedImageSource(folder.Root);
        source.Load(Classes, new ImageShape(1, 8, 8));
        Assert.Equal(4, source.Count);
        var pixels = new float[4 * 64];
        int[] labels = [0, 1, 0, 1];
        source.Fill(pixels, labels, 0, new Generator(1));
        for (var i = 0; i < 4; i++)
        {
            var grey = Enumerable.Range(0, 2).Select(k => StylizedFolder.Grey(labels[i], k)).ToArray();
            foreach (var v in pixels.AsSpan(i * 64, 64).ToArray())
            {
                // Bilinear resizing of a uniform 8-bit image reproduces it to within one grey level.
                Assert.Contains(grey, g => Math.Abs(g - v) <= 1.01f / 255);
            }
        }
    }

    [Fact]
    public void Class_folders_are_matched_by_name_and_a_wrong_count_names_the_folder()
    {
        using var folder = new StylizedFolder(2, 1, 8, 8);
        var byName = new StylizedImageSource(folder.Root);
        byName.Load(["b", "a"], new ImageShape(1, 8, 8));
        var pixels = new float[64];
        byName.Fill(pixels, [0], 0, new Generator(1));
        // Data class 0 is "b", the folder sorted second.
        Assert.Equal(StylizedFolder.Grey(1, 0), pixels[0]);

        var e = Assert.Throws<InvalidInputException>(() => new StylizedImageSource(folder.Root).Load(["x", "y", "z"], new ImageShape(1, 8, 8)));
        Assert.Contains("expected 3 class folders", e.Message, StringComparison.Ordinal);
        Assert.Contains(folder.Root, e.ToString(), StringComparison.Ordinal);
        Assert.Throws<InvalidInputException>(() => new StylizedImageSource(Path.Combine(folder.Root, "missing")));
    }

    [Fact]
    public void Resumed_ant_sin_run_matches_an_uninterrupted_one()
    {
        using var folder = new StylizedFolder(2, 4, 8, 8);
        static TrainerOptions Options(int epochs) => new() { Epochs = epochs, BatchSize = 16, Seed = 21 };
        var train = TinyHalves.Create(48, 1);
        var straightModel = new SmallCnn(2, new Generator(3), 1, 8, 8);
        new Trainer(straightModel, Options(2), Recipe(folder, 2)).Fit(train);

        var first = new Trainer(new SmallCnn(2, new Generator(3), 1, 8, 8), Options(1), Recipe(folder, 2));
        first.Fit(train);
        var checkpoint = first.ExportCheckpoint();
        var resumedModel = new SmallCnn(2, new Generator(99), 1, 8, 8);
        var resumed = new Trainer(resumedModel, Options(2), Recipe(folder, 2));
        resumed.ImportCheckpoint(checkpoint);
        resumed.Fit(train);
        var expected = straightModel.StateDict();
        foreach (var (key, entry) in resumedModel.StateDict())
        {
            Assert.Equal(expected[key].Float32 ?? [], entry.Float32 ?? []);
        }
    }

    [Fact]
    public void Retraining_reports_its_loss_and_fooling_rate_and_noise_lowers_held_out_accuracy()
    {
        var model = new SmallCnn(2, new Generator(3), 1, 8, 8);
        var train = TinyHalves.Create(96, 1);
        var heldOut = TinyHalves.Create(64, 9);
        new Trainer(model, new TrainerOptions { Epochs = 5, BatchSize = 16, Seed = 4 }).Fit(train);
        var recipe = new AntRecipe(new AntOptions { RetrainSteps = 20, RetrainLearningRate = 5e-3, Epsilon = 4 });
        Assert.True(double.IsNaN(recipe.AccuracyUnderNoise(model, heldOut, 64, 1)), "no generator yet");
        recipe.BeginEpoch(new RecipeEpochContext(model, 0, (1, 8, 8), train, 16, 7));
        var retrain = recipe.LastRetrain!;
        Assert.Equal(20, retrain.Steps);
        Assert.InRange(retrain.FoolingRate, 0, 1);
        Assert.True(retrain.Loss > 0);
        var clean = Trainer.Evaluate(model, heldOut);
        var noisy = recipe.AccuracyUnderNoise(model, heldOut, 64, 1);
        Assert.Equal(noisy, recipe.AccuracyUnderNoise(model, heldOut, 64, 1));

        // ε = 4 on 8x8 images is a per-pixel RMS of 0.5, as large as the classes' brightness gap.
        Assert.True(noisy < clean, $"accuracy {clean} clean, {noisy} under generator noise");
        Assert.True(model.Training, "the model's mode is restored");
    }
}
