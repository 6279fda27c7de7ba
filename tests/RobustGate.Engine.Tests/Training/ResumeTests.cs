using RobustGate.Engine.Models;
using RobustGate.Engine.Nn;
using RobustGate.Engine.Tensors;
using RobustGate.Engine.Training;

namespace RobustGate.Engine.Tests.Training;

/// <summary>A run stopped after epoch 1 and resumed from its checkpoint file ends bit for bit where an uninterrupted run does.</summary>
[Collection("EngineThreads")]
public sealed class ResumeTests
{
    private static TrainerOptions Options(int epochs) => new() { Epochs = epochs, BatchSize = 16, Seed = 21, CropPadding = 1, HorizontalFlip = true };

    [Theory]
    [InlineData("gauss")]
    [InlineData("ant")]
    [InlineData("fooling")]
    public void Resumed_run_matches_an_uninterrupted_one(string name)
    {
        var train = TinyHalves.Create(48, 1);
        var straightModel = new SmallCnn(2, new Generator(3), 1, 8, 8);
        new Trainer(straightModel, Options(2), RecipeTrainingTests.Create(name)).Fit(train);

        var firstModel = new SmallCnn(2, new Generator(3), 1, 8, 8);
        var first = new Trainer(firstModel, Options(1), RecipeTrainingTests.Create(name));
        first.Fit(train);
        var path = Path.Combine(Path.GetTempPath(), $"robustgate-resume-{name}-{Environment.ProcessId}.safetensors");
        try
        {
            StateDictFile.Write(path, first.ExportCheckpoint());

            // A different initialisation seed: everything must come from the checkpoint.
            var resumedModel = new SmallCnn(2, new Generator(99), 1, 8, 8);
            var resumed = new Trainer(resumedModel, Options(2), RecipeTrainingTests.Create(name));
            resumed.ImportCheckpoint(StateDictFile.Read(path), path);
            Assert.Equal(1, resumed.CompletedEpochs);
            var records = resumed.Fit(train);
            Assert.Single(records);
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
}
