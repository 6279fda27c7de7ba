using RobustGate.Engine.Kernels;
using RobustGate.Engine.Models;
using RobustGate.Engine.Nn;
using RobustGate.Engine.Tensors;
using RobustGate.Engine.Training;

namespace RobustGate.Engine.Tests.Training;

/// <summary>Trainer determinism, resumption and learning on a tiny procedural set.</summary>
[Collection("EngineThreads")]
public sealed class TrainerTests
{
    private static (IReadOnlyList<EpochMetrics> Records, StateDict State) Run(int epochs, ulong seed, OptimizerKind optimizer = OptimizerKind.Adam)
    {
        var model = new SmallCnn(2, new Generator(3), 1, 8, 8);
        var options = new TrainerOptions { Epochs = epochs, BatchSize = 16, Seed = seed, Optimizer = optimizer, LearningRate = optimizer == OptimizerKind.Sgd ? 0.05 : 1e-3 };
        var trainer = new Trainer(model, options);
        var records = trainer.Fit(TinyHalves.Create(96, 1), TinyHalves.Create(40, 2));
        return (records, model.StateDict());
    }

    [Fact]
    public void Learns_an_easy_task()
    {
        var (records, _) = Run(3, 11);
        Assert.Equal([1, 2, 3], records.Select(r => r.Epoch));
        Assert.True(records[^1].TestAccuracy >= 0.95, $"test accuracy {records[^1].TestAccuracy}");
        Assert.True(records[^1].TrainLoss < records[0].TrainLoss);
    }

    [Fact]
    public void Same_seed_gives_identical_weights_for_any_thread_count()
    {
        var saved = EngineThreads.Count;
        try
        {
            EngineThreads.Count = 1;
            var (oneRecords, one) = Run(2, 5, OptimizerKind.Sgd);
            EngineThreads.Count = 2;
            var (twoRecords, two) = Run(2, 5, OptimizerKind.Sgd);
            Assert.Equal(oneRecords.Select(r => r.TrainLoss), twoRecords.Select(r => r.TrainLoss));
            foreach (var (name, entry) in one)
            {
                if (entry.DType == StateDType.Float32)
                {
                    Assert.Equal(entry.Float32, two[name].Float32);
                }
            }
        }
        finally
        {
            EngineThreads.Count = saved;
        }
    }

    [Fact]
    public void Different_seeds_shuffle_differently()
    {
        var (a, _) = Run(1, 1, OptimizerKind.Sgd);
        var (b, _) = Run(1, 2, OptimizerKind.Sgd);
        Assert.NotEqual(a[0].TrainLoss, b[0].TrainLoss);
    }

    [Fact]
    public void Resuming_from_a_checkpoint_equals_an_uninterrupted_run()
    {
        var (_, straight) = Run(2, 9, OptimizerKind.Sgd);

        var options = new TrainerOptions { Epochs = 2, BatchSize = 16, Seed = 9, Optimizer = OptimizerKind.Sgd, LearningRate = 0.05 };
        var first = new Trainer(new SmallCnn(2, new Generator(3), 1, 8, 8), options with { Epochs = 1 });
        first.Fit(TinyHalves.Create(96, 1));
        var checkpoint = first.ExportCheckpoint();

        var resumedModel = new SmallCnn(2, new Generator(42), 1, 8, 8);
        var resumed = new Trainer(resumedModel, options);
        resumed.ImportCheckpoint(checkpoint);
        Assert.Equal(1, resumed.CompletedEpochs);
        var records = resumed.Fit(TinyHalves.Create(96, 1), TinyHalves.Create(40, 2));
        Assert.Equal(2, Assert.Single(records).Epoch);
        var state = resumedModel.StateDict();
        foreach (var (name, entry) in straight)
        {
            if (entry.DType == StateDType.Float32)
            {
                Assert.Equal(entry.Float32, state[name].Float32);
            }
            else
            {
                Assert.Equal(entry.Int64, state[name].Int64);
            }
        }
    }

    [Fact]
    public void Evaluate_restores_the_training_mode()
    {
        var model = ModelRegistry.Create("smallcnn", 2, inChannels: 1);
        model.Train();
        var data = new InMemoryBatchSource(new float[4 * 28 * 28], [0, 1, 0, 1], 1, 28, 28);
        var accuracy = Trainer.Evaluate(model, data, 3);
        Assert.InRange(accuracy, 0, 1);
        Assert.True(model.Training);
    }

    [Fact]
    public void Bad_options_are_configuration_errors()
    {
        var model = new SmallCnn(2, new Generator(3), 1, 8, 8);
        Assert.Throws<ConfigurationException>(() => new Trainer(model, new TrainerOptions { Epochs = 0 }));
        Assert.Throws<ConfigurationException>(() => new Trainer(model, new TrainerOptions { LearningRate = -1 }));
        Assert.Throws<ConfigurationException>(() => new Trainer(model, new TrainerOptions { Schedule = ScheduleKind.Cosine, Epochs = 2, WarmupEpochs = 2 }));
    }
}
