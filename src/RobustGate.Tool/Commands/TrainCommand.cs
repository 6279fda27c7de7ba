using RobustGate.Engine.IO;
using System.CommandLine;
using System.Globalization;
using System.Text;
using System.Text.Json;
using RobustGate.Engine;
using RobustGate.Engine.Data;
using RobustGate.Engine.Models;

using RobustGate.Engine.Training;

namespace RobustGate.Tool.Commands;

/// <summary>
/// <c>robustgate train</c>: plain supervised training of a registry architecture on a dataset,
/// writing OUT/weights.safetensors and OUT/metrics.jsonl (one JSON object per epoch).
/// </summary>
internal static class TrainCommand
{
    public static Command Create(ToolConsole console)
    {
        var arch = new Option<string>("--arch") { Description = "Architecture (see 'robustgate models').", Required = true };
        var data = new Option<string>("--data") { Description = "Training data, e.g. fashion-mnist:/usr/share/datasets/fashion-mnist or synthetic.", Required = true };
        var epochs = new Option<int>("--epochs") { Description = "Epochs.", DefaultValueFactory = _ => 2 };
        var seed = new Option<ulong>("--seed") { Description = "Seed for initialisation, shuffling and dropout.", DefaultValueFactory = _ => 0 };
        var batch = new Option<int>("--batch") { Description = "Mini-batch size.", DefaultValueFactory = _ => 64 };
        var lr = new Option<double?>("--lr") { Description = "Learning rate (default: 1e-3 for adam, 0.1 for sgd)." };
        var optimizer = new Option<string>("--optimizer") { Description = "adam, adamw or sgd.", DefaultValueFactory = _ => "adam" };
        var weightDecay = new Option<double>("--weight-decay") { Description = "Weight decay.", DefaultValueFactory = _ => 0 };
        var limit = new Option<int?>("--limit") { Description = "Train on a seeded, class-stratified subset of this many images." };
        var output = new Option<DirectoryInfo>("--out") { Description = "Output folder for weights.safetensors and metrics.jsonl.", Required = true };
        var command = new Command("train", "Train a model (plain recipe) and write its weights and per-epoch metrics.")
        {
            arch, data, epochs, seed, batch, lr, optimizer, weightDecay, limit, output,
        };
        command.SetAction(parse =>
        {
            var info = ModelRegistry.Get(parse.GetValue(arch)!);
            var spec = DatasetSpec.Parse(parse.GetValue(data)!);
            var optimizerKind = parse.GetValue(optimizer)!.ToLowerInvariant() switch
            {
                "adam" => OptimizerKind.Adam,
                "adamw" => OptimizerKind.AdamW,
                "sgd" => OptimizerKind.Sgd,
                var other => throw new ConfigurationException($"--optimizer: expected adam, adamw or sgd, found '{other}'"),
            };
            var outDir = parse.GetValue(output)!.FullName;
            var seedValue = parse.GetValue(seed);
            var trainSet = spec.Open(new DatasetOpenOptions { Split = DatasetSplit.Train, Seed = seedValue });
            var testSet = spec.Open(new DatasetOpenOptions { Split = DatasetSplit.Test, Seed = seedValue });
            var shape = trainSet.Shape ?? throw new InvalidInputException("training images must all have one size", spec.ToString());
            var trainIndices = parse.GetValue(limit) is { } n
                ? DatasetSubset.Stratified(trainSet.Labels, n, unchecked((int)seedValue))
                : Enumerable.Range(0, trainSet.Count).ToArray();
            console.Error.WriteLine($"train: {info.Name} on {trainSet.Describe()} ({trainIndices.Length} images), test on {testSet.Count}");
            var train = Materialize(trainSet, trainIndices, shape);
            var test = Materialize(testSet, Enumerable.Range(0, testSet.Count).ToArray(), shape);

            var model = info.Create(trainSet.ClassCount, shape.Channels, seedValue);
            var options = new TrainerOptions
            {
                Epochs = parse.GetValue(epochs),
                BatchSize = parse.GetValue(batch),
                Seed = seedValue,
                Optimizer = optimizerKind,
                LearningRate = parse.GetValue(lr) ?? (optimizerKind == OptimizerKind.Sgd ? 0.1 : 1e-3),
                WeightDecay = parse.GetValue(weightDecay),
            };
            var trainer = new Trainer(model, options);
            Directory.CreateDirectory(outDir);
            var metricsPath = Path.Combine(outDir, "metrics.jsonl");
            var lines = new StringBuilder();
            var progress = new SynchronousProgress<EpochMetrics>(m =>
            {
                lines.Append(JsonLine(m)).Append('\n');
                AtomicFile.WriteAllText(metricsPath, lines.ToString());
                console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"epoch {m.Epoch}: train_loss {m.TrainLoss:0.0000}, test_accuracy {m.TestAccuracy:0.0000}, {m.Seconds:0.0} s"));
            });
            trainer.Fit(train, test, progress);
            var weights = Path.Combine(outDir, "weights.safetensors");
            trainer.SaveWeights(weights, new Dictionary<string, string>
            {
                ["arch"] = info.Name,
                ["classes"] = trainSet.ClassCount.ToString(CultureInfo.InvariantCulture),
                ["data"] = spec.ToString(),
                ["seed"] = seedValue.ToString(CultureInfo.InvariantCulture),
            });
            console.WriteLine($"wrote {weights} and {metricsPath}");
            return 0;
        });
        return command;
    }

    private static InMemoryBatchSource Materialize(IImageDataset dataset, int[] indices, ImageShape shape)
    {
        var pixels = new float[(long)indices.Length * shape.ElementCount];
        var labels = new int[indices.Length];
        dataset.FillBatch(indices, shape, pixels, labels);
        return new InMemoryBatchSource(pixels, labels, shape.Channels, shape.Height, shape.Width);
    }

    private static string JsonLine(EpochMetrics m)
    {
        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartObject();
            writer.WriteNumber("epoch", m.Epoch);
            writer.WriteNumber("train_loss", m.TrainLoss);
            writer.WriteNumber("train_accuracy", m.TrainAccuracy);
            if (m.TestAccuracy is { } acc)
            {
                writer.WriteNumber("test_accuracy", acc);
            }
            else
            {
                writer.WriteNull("test_accuracy");
            }

            writer.WriteNumber("learning_rate", m.LearningRate);
            writer.WriteNumber("seconds", m.Seconds);
            writer.WriteEndObject();
        }

        return Encoding.UTF8.GetString(buffer.ToArray());
    }
}
