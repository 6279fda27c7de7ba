using RobustGate.Engine.Data;
using RobustGate.Engine.Kernels;
using RobustGate.Engine.Models;
using RobustGate.Engine.Nn;
using RobustGate.Engine.Tensors;
using RobustGate.Engine.Tests.IO;
using RobustGate.Engine.Training;
using RobustGate.Engine.Training.AugMix;
using Xunit.Abstractions;

namespace RobustGate.Engine.Tests.Training.AugMix;

/// <summary>The augmix recipe through the <see cref="Trainer"/>: it learns, and --resume is exact.</summary>
[Collection("EngineThreads")]
public sealed class AugMixTrainingTests(ITestOutputHelper output)
{
    [FashionMnistFact]
    public void Augmix_trains_on_a_fashion_mnist_subset_and_its_loss_falls()
    {
        var trainSet = IdxDataset.FashionMnist(FashionMnistFactAttribute.Directory, DatasetSplit.Train);
        var testSet = IdxDataset.FashionMnist(FashionMnistFactAttribute.Directory, DatasetSplit.Test);
        var train = Materialize(trainSet, DatasetSubset.Stratified(trainSet.Labels, 800, 1));
        var test = Materialize(testSet, DatasetSubset.Stratified(testSet.Labels, 500, 2));
        var model = ModelRegistry.Create("smallcnn", 10, seed: 7);
        var trainer = new Trainer(model, new TrainerOptions { Epochs = 2, BatchSize = 32, Seed = 7 }, new AugMixRecipe());
        var records = trainer.Fit(train, test);
        foreach (var r in records)
        {
            output.WriteLine($"epoch {r.Epoch}: loss {r.TrainLoss:F4}, clean train accuracy {r.TrainAccuracy:P1}, test accuracy {r.TestAccuracy:P1}, {r.Seconds:F1} s");
        }

        Assert.True(records[^1].TrainLoss < records[0].TrainLoss, $"train loss {records[0].TrainLoss} -> {records[^1].TrainLoss}");
        // 800 images, 2 epochs: this run reaches 78 %; 65 % leaves room for other seeds and still says the clean third is learned.
        Assert.True(records[^1].TestAccuracy >= 0.65, $"test accuracy {records[^1].TestAccuracy}");
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void Resumed_run_matches_an_uninterrupted_one(bool jsd)
    {
        var train = TinyHalves.Create(48, 1);
        var options = new AugMixOptions { Jsd = jsd, AllOperations = true };
        TrainerOptions Options(int epochs) => new() { Epochs = epochs, BatchSize = 16, Seed = 21, CropPadding = 1, HorizontalFlip = true };
        var straightModel = new SmallCnn(2, new Generator(3), 1, 8, 8);
        new Trainer(straightModel, Options(2), new AugMixRecipe(options)).Fit(train);

        var first = new Trainer(new SmallCnn(2, new Generator(3), 1, 8, 8), Options(1), new AugMixRecipe(options));
        first.Fit(train);
        var path = Path.Combine(Path.GetTempPath(), $"robustgate-resume-augmix-{jsd}-{Environment.ProcessId}.safetensors");
        try
        {
            StateDictFile.Write(path, first.ExportCheckpoint());
            var resumedModel = new SmallCnn(2, new Generator(99), 1, 8, 8);
            var resumed = new Trainer(resumedModel, Options(2), new AugMixRecipe(options));
            resumed.ImportCheckpoint(StateDictFile.Read(path), path);
            Assert.Single(resumed.Fit(train));
            var expected = straightModel.StateDict();
            foreach (var (key, entry) in resumedModel.StateDict())
            {
                Assert.Equal(expected[key].Float32 ?? [], entry.Float32 ?? []);
                Assert.Equal(expected[key].Int64 ?? [], entry.Int64 ?? []);
            }
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public void Training_is_identical_for_any_thread_count()
    {
        var saved = EngineThreads.Count;
        try
        {
            StateDict Run(int threads)
            {
                EngineThreads.Count = threads;
                var model = new SmallCnn(2, new Generator(3), 1, 8, 8);
                new Trainer(model, new TrainerOptions { Epochs = 1, BatchSize = 16, Seed = 8 }, new AugMixRecipe()).Fit(TinyHalves.Create(48, 1));
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

    private static InMemoryBatchSource Materialize(IImageDataset dataset, int[] indices)
    {
        var shape = dataset.Shape!.Value;
        var pixels = new float[indices.Length * shape.ElementCount];
        var labels = new int[indices.Length];
        dataset.FillBatch(indices, shape, pixels, labels);
        return new InMemoryBatchSource(pixels, labels, shape.Channels, shape.Height, shape.Width);
    }
}
