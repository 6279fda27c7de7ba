using RobustGate.Engine.Autograd;
using RobustGate.Engine.Data;
using RobustGate.Engine.Models;
using RobustGate.Engine.Tensors;
using RobustGate.Engine.Training;

namespace RobustGate.Tool.Tests.EndToEnd;

/// <summary>
/// A smallcnn trained briefly on real Fashion-MNIST (one epoch on a stratified 4,000-image subset,
/// fixed seed), plus a damaged copy whose conv weights carry Gaussian noise — the model a
/// regression gate must catch. Built once per test class.
/// </summary>
public sealed class FashionMnistModelFixture : IDisposable
{
    public FashionMnistModelFixture()
    {
        Folder = Directory.CreateTempSubdirectory("rg-e2e-").FullName;
        Available = Directory.Exists(IdxDataset.DefaultFashionMnistDirectory);
        if (!Available)
        {
            return;
        }

        var spec = DatasetSpec.Parse("fashion-mnist");
        var train = spec.Open(new DatasetOpenOptions { Split = DatasetSplit.Train });
        var indices = DatasetSubset.Stratified(train.Labels, 4000, 1);
        var shape = train.Shape!.Value;
        var pixels = new float[indices.Length * shape.ElementCount];
        var labels = new int[indices.Length];
        train.FillBatch(indices, shape, pixels, labels);

        var model = ModelRegistry.Get("smallcnn").Create(10, 1, seed: 1);
        var trainer = new Trainer(model, new TrainerOptions { Epochs = 1, BatchSize = 64, Seed = 1 });
        trainer.Fit(new InMemoryBatchSource(pixels, labels, shape.Channels, shape.Height, shape.Width));
        Weights = Path.Combine(Folder, "good.safetensors");
        model.Save(Weights);

        // Damage: noise of 0.6x each conv kernel's own spread, enough to cost accuracy everywhere.
        var generator = new Generator(99);
        using (new NoGrad())
        {
            foreach (var (name, parameter) in model.NamedParameters().Where(p => p.Name.Contains("features", StringComparison.Ordinal) && p.Parameter.Dim == 4))
            {
                var values = parameter.ToArray();
                var spread = Math.Sqrt(values.Select(v => (double)v * v).Average());
                using var noise = Tensor.Randn(generator, parameter.Shape);
                parameter.AddInPlace(noise, (float)(0.6 * spread));
                _ = name;
            }
        }

        DamagedWeights = Path.Combine(Folder, "damaged.safetensors");
        model.Save(DamagedWeights);
    }

    public bool Available { get; }

    public string Folder { get; }

    public string Weights { get; } = string.Empty;

    public string DamagedWeights { get; } = string.Empty;

    public void Dispose()
    {
        try
        {
            Directory.Delete(Folder, recursive: true);
        }
        catch (IOException)
        {
        }
    }
}
