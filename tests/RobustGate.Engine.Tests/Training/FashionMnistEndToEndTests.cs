using RobustGate.Engine.Data;
using RobustGate.Engine.Models;
using RobustGate.Engine.Tests.IO;
using RobustGate.Engine.Training;
using Xunit.Abstractions;

namespace RobustGate.Engine.Tests.Training;

/// <summary>smallcnn on the real Fashion-MNIST (Debian's dataset-fashion-mnist): 2 epochs from a fixed seed.</summary>
public sealed class FashionMnistEndToEndTests(ITestOutputHelper output)
{
    private const string Directory = FashionMnistFactAttribute.Directory;

    [FashionMnistFact]
    [Trait("Category", "EndToEnd")]
    public void Smallcnn_reaches_89_percent_in_two_epochs()
    {
        var train = new DatasetBatchSource(IdxDataset.FashionMnist(Directory, DatasetSplit.Train));
        var test = new DatasetBatchSource(IdxDataset.FashionMnist(Directory, DatasetSplit.Test));
        var model = ModelRegistry.Create("smallcnn", 10, seed: 7);
        var trainer = new Trainer(model, new TrainerOptions { Epochs = 2, Seed = 7 });
        var records = trainer.Fit(train, test, new Progress<EpochMetrics>(r => output.WriteLine(r.ToString())));
        foreach (var r in records)
        {
            output.WriteLine($"epoch {r.Epoch}: loss {r.TrainLoss:F4}, test accuracy {r.TestAccuracy:P2}, {r.Seconds:F1} s");
        }

        Assert.Equal(2, records.Count);
        Assert.True(records[1].TestAccuracy >= 0.89, $"test accuracy {records[1].TestAccuracy:P2} after 2 epochs is below 89 %");
    }
}
