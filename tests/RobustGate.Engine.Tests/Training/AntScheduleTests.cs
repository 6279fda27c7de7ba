using RobustGate.Engine.Autograd;
using RobustGate.Engine.Functional;
using RobustGate.Engine.Models;
using RobustGate.Engine.Tensors;
using RobustGate.Engine.Training;

namespace RobustGate.Engine.Tests.Training;

/// <summary>ANT's batch composition from epoch 1 and the direction of its generator training.</summary>
[Collection("EngineThreads")]
public sealed class AntScheduleTests
{
    [Fact]
    public void From_epoch_one_the_noisy_share_is_current_plus_replay_and_the_rest_stays_clean()
    {
        // B = 70 as in the reference: current [0,21), replay [21,28) and [28,35), clean [35,70).
        var recipe = new AntRecipe(new AntOptions { RetrainSteps = 1 });
        var model = new SmallCnn(2, new Generator(3), 1, 8, 8);
        var data = TinyHalves.Create(70, 5);
        recipe.BeginEpoch(new RecipeEpochContext(model, 0, (1, 8, 8), data, 70, 1));
        recipe.BeginEpoch(new RecipeEpochContext(model, 1, (1, 8, 8), data, 70, 1));
        var pixels = new float[70 * 64];
        var labels = new int[70];
        data.FillBatch(Enumerable.Range(0, 70).ToArray(), pixels, labels);
        var clean = (float[])pixels.Clone();
        recipe.PrepareBatch(new RecipeBatchContext(model, 1, 0, (1, 8, 8), new Generator(2)), pixels, labels);
        for (var i = 0; i < 70; i++)
        {
            var image = pixels.AsSpan(i * 64, 64);
            var original = clean.AsSpan(i * 64, 64);
            if (i >= 35)
            {
                Assert.True(image.SequenceEqual(original), $"image {i} should be clean");
                continue;
            }

            double sum = 0;
            for (var k = 0; k < 64; k++)
            {
                sum += (image[k] - (double)original[k]) * (image[k] - (double)original[k]);
            }

            // Every noisy image carries noise of exactly ε = 0.348·(0.10/0.38)·8, the small-image
            // default (float32 output: 1e-5 relative).
            var epsilon = 0.348 * 0.10 / 0.38 * 8;
            Assert.Equal(epsilon, Math.Sqrt(sum), epsilon * 1e-5);
        }
    }

    [Fact]
    public void Generator_training_raises_the_classifier_loss()
    {
        var model = new SmallCnn(2, new Generator(3), 1, 8, 8);
        var data = TinyHalves.Create(96, 1);
        new Trainer(model, new TrainerOptions { Epochs = 5, BatchSize = 16, Seed = 4 }).Fit(data);
        var pixels = new float[96 * 64];
        var labels = new int[96];
        data.FillBatch(Enumerable.Range(0, 96).ToArray(), pixels, labels);
        double Loss(int steps)
        {
            // CE of the classifier on all 96 images under the generator's noise, same latent draws for both.
            var recipe = new AntRecipe(new AntOptions { RetrainSteps = steps, RetrainLearningRate = 5e-3, Epsilon = 1.5 });
            recipe.BeginEpoch(new RecipeEpochContext(model, 0, (1, 8, 8), data, 96, 7));
            using var noGrad = new NoGrad();
            model.Eval();
            using var clean = Tensor.FromArray(pixels, 96, 1, 8, 8);
            using var delta = recipe.CurrentGenerator!.Generate(new Generator(11), 96, 8, 8);
            using var noisy = new FixedL2Projection().Apply(clean, delta, 1.5);
            using var logits = model.Forward(noisy);
            using var loss = F.CrossEntropy(logits, labels);
            model.Train();
            return loss.Item();
        }

        var initial = Loss(0);
        var trained = Loss(60);
        // Measured 0.149 -> 0.291: a learned adversary at least 1.3x the loss of plain Gaussian-like noise.
        Assert.True(trained > 1.3 * initial, $"CE under generator noise: {initial} untrained, {trained} after 60");
    }
}
