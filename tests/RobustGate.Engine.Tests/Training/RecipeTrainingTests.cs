using RobustGate.Engine.Kernels;
using RobustGate.Engine.Models;
using RobustGate.Engine.Nn;
using RobustGate.Engine.Tensors;
using RobustGate.Engine.Training;

namespace RobustGate.Engine.Tests.Training;

/// <summary>Every recipe learns the tiny halves task; the noise recipes touch exactly their slice.</summary>
[Collection("EngineThreads")]
public sealed class RecipeTrainingTests
{
    public static TheoryData<string> RecipeNames => ["standard", "gauss", "gauss-mult", "speckle", "ant", "ant3x3", "fooling"];

    internal static ITrainingRecipe Create(string name) => name switch
    {
        "standard" => new StandardRecipe(),
        "gauss" => new GaussianNoiseRecipe(),
        "gauss-mult" => new MultiSigmaGaussianRecipe(),
        "speckle" => new SpeckleNoiseRecipe(),
        "ant" => new AntRecipe(new AntOptions { RetrainSteps = 5 }),
        "ant3x3" => new AntRecipe(new AntOptions { Kind = NoiseGeneratorKind.ThreeByThree, RetrainSteps = 5 }),
        "fooling" => new FoolingRecipe(maxIterations: 3),
        _ => throw new ArgumentException(name, nameof(name)),
    };

    [Theory]
    [MemberData(nameof(RecipeNames))]
    public void Recipe_trains_and_its_loss_falls(string name)
    {
        var model = new SmallCnn(2, new Generator(3), 1, 8, 8);
        var recipe = Create(name);
        var trainer = new Trainer(model, new TrainerOptions { Epochs = 3, BatchSize = 16, Seed = 4 }, recipe);
        var records = trainer.Fit(TinyHalves.Create(96, 1), TinyHalves.Create(40, 2));
        Assert.Equal(name, recipe.Name);
        Assert.True(records[^1].TrainLoss < records[0].TrainLoss, $"{name}: train loss {records[0].TrainLoss} -> {records[^1].TrainLoss}");
        // Clean test images of an easy task: every recipe keeps half of each batch clean.
        Assert.True(records[^1].TestAccuracy >= 0.9, $"{name}: test accuracy {records[^1].TestAccuracy}");
    }

    [Theory]
    [InlineData("gauss")]
    [InlineData("gauss-mult")]
    [InlineData("speckle")]
    [InlineData("ant")]
    public void Noise_goes_to_the_first_half_and_stays_in_the_box(string name)
    {
        var recipe = Create(name);
        var model = new SmallCnn(2, new Generator(3), 1, 8, 8);
        var data = TinyHalves.Create(10, 5);
        var pixels = new float[10 * 64];
        var labels = new int[10];
        data.FillBatch(Enumerable.Range(0, 10).ToArray(), pixels, labels);
        var clean = (float[])pixels.Clone();
        recipe.BeginEpoch(new RecipeEpochContext(model, 0, (1, 8, 8), data, 10, 1));
        recipe.PrepareBatch(new RecipeBatchContext(model, 0, 0, (1, 8, 8), new Generator(9)), pixels, labels);
        Assert.True(model.Training);
        Assert.All(pixels, p => Assert.InRange(p, 0f, 1f));
        for (var i = 0; i < 10; i++)
        {
            var changed = !pixels.AsSpan(i * 64, 64).SequenceEqual(clean.AsSpan(i * 64, 64));
            Assert.Equal(i < 5, changed);
        }
    }

    [Fact]
    public void Ant_noise_has_the_scaled_epsilon()
    {
        var recipe = (AntRecipe)Create("ant");
        var model = new SmallCnn(2, new Generator(3), 1, 8, 8);
        var data = TinyHalves.Create(10, 5);
        recipe.BeginEpoch(new RecipeEpochContext(model, 0, (1, 8, 8), data, 10, 1));
        // 0.348 per element at constant RMS, scaled by 0.10/0.38 for small images: 0.348·(0.10/0.38)·√64.
        Assert.Equal(0.348 * 0.10 / 0.38 * 8, recipe.CurrentGenerator!.Epsilon, 1e-6);
        Assert.Equal(1, recipe.HistoryCount);
        Assert.True(recipe.LastRetrainLoss < 0);
    }

    [Fact]
    public void Ant_replays_earlier_generators_from_epoch_one()
    {
        var recipe = new AntRecipe(new AntOptions { RetrainSteps = 1 });
        var model = new SmallCnn(2, new Generator(3), 1, 8, 8);
        var data = TinyHalves.Create(20, 5);
        recipe.BeginEpoch(new RecipeEpochContext(model, 0, (1, 8, 8), data, 20, 1));
        recipe.BeginEpoch(new RecipeEpochContext(model, 1, (1, 8, 8), data, 20, 1));
        Assert.Equal(2, recipe.HistoryCount);
        var state = recipe.ExportState();
        Assert.Equal(2, state["history_count"].Int64![0]);
        Assert.Contains("history.1.conv4.weight", state.Names);
        var restored = new AntRecipe(new AntOptions { RetrainSteps = 1 });
        restored.ImportState(state, "test");
        Assert.Equal(2, restored.HistoryCount);
        Assert.Equal(state["current.conv2.weight"].Float32, restored.CurrentGenerator!.StateDict()["conv2.weight"].Float32);
    }

    [Fact]
    public void Ant_is_identical_for_any_thread_count()
    {
        var saved = EngineThreads.Count;
        try
        {
            StateDict Run(int threads)
            {
                EngineThreads.Count = threads;
                var model = new SmallCnn(2, new Generator(3), 1, 8, 8);
                new Trainer(model, new TrainerOptions { Epochs = 2, BatchSize = 16, Seed = 8 }, Create("ant3x3")).Fit(TinyHalves.Create(48, 1));
                return model.StateDict();
            }

            var one = Run(1);
            var two = Run(2);
            foreach (var (name, entry) in one)
            {
                Assert.Equal(entry.Float32 ?? [], two[name].Float32 ?? []);
            }
        }
        finally
        {
            EngineThreads.Count = saved;
        }
    }
}
