using System.CommandLine;
using System.Globalization;
using System.Text;
using System.Text.Json;
using RobustGate.Engine;
using RobustGate.Engine.Data;
using RobustGate.Engine.IO;
using RobustGate.Engine.Models;
using RobustGate.Engine.Nn;
using RobustGate.Engine.Training;
using RobustGate.Engine.Training.AugMix;

namespace RobustGate.Tool.Commands;

/// <summary>
/// <c>robustgate train</c>: training of a registry architecture on a dataset with a recipe
/// (standard, gauss, gauss-mult, speckle, ant, ant3x3, ant+sin, ant3x3+sin, augmix, fooling,
/// corruption), writing OUT/weights.safetensors, OUT/metrics.jsonl (one JSON object per epoch; ANT
/// recipes add their generator diagnostics) and OUT/checkpoint.safetensors after every
/// epoch; --resume CHECKPOINT continues a run to the same final weights as an uninterrupted one
/// (same arguments required), --init WEIGHTS starts from trained weights (fine-tuning).
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
        var output = new Option<DirectoryInfo>("--out") { Description = "Output folder for weights.safetensors, metrics.jsonl and checkpoint.safetensors.", Required = true };
        var recipeOption = new Option<string>("--recipe") { Description = "standard, gauss, gauss-mult, speckle, ant, ant3x3, ant+sin, ant3x3+sin, augmix, fooling or corruption.", DefaultValueFactory = _ => "standard" };
        var noiseFraction = new Option<double>("--noise-fraction") { Description = "gauss/gauss-mult/speckle/fooling/corruption: share of each batch perturbed.", DefaultValueFactory = _ => 0.5 };
        var sigma = new Option<double?>("--sigma") { Description = "gauss: noise sigma in [0,1] pixel units (default 0.5; x0.10/0.38 = 0.13 for images of at most 64 px)." };
        var sigmas = new Option<string?>("--sigmas") { Description = "gauss-mult/speckle: comma-separated per-image sigmas (default: ImageNet-C severities; CIFAR-10-C ones for images of at most 64 px)." };
        var epsilon = new Option<double?>("--epsilon") { Description = "ant: L2 size of the noise in [0,1] units (default 0.348*sqrt(C*H*W); x0.10/0.38 for images of at most 64 px)." };
        var sin = new Option<DirectoryInfo?>("--sin") { Description = "ant+sin/ant3x3+sin: stylized images in ImageFolder layout with the data's class folders; 15/70 of each batch." };
        var pClean = new Option<double>("--p-clean") { Description = "ant: clean share of each batch.", DefaultValueFactory = _ => 0.5 };
        var pCurrent = new Option<double>("--p-current") { Description = "ant: share with noise from the current generator.", DefaultValueFactory = _ => 0.3 };
        var pHistory = new Option<double>("--p-history") { Description = "ant: width of each replayed-generator slice.", DefaultValueFactory = _ => 0.1 };
        var ngLr = new Option<double>("--ng-lr") { Description = "ant: Adam learning rate of the joint generator steps.", DefaultValueFactory = _ => 1e-4 };
        var ngRetrainLr = new Option<double>("--ng-retrain-lr") { Description = "ant: Adam learning rate of the per-epoch fresh generator.", DefaultValueFactory = _ => 5e-4 };
        var ngRetrainSteps = new Option<int>("--ng-retrain-steps") { Description = "ant: batches of per-epoch generator re-training (reference: 1000).", DefaultValueFactory = _ => 100 };
        var ngHistory = new Option<int>("--ng-history") { Description = "ant: generators kept for replay.", DefaultValueFactory = _ => 1000 };
        var foolingLr = new Option<double?>("--fooling-lr") { Description = "fooling: L2 step in [0,1] units (default 5*sqrt(C*H*W/150528))." };
        var foolingIterations = new Option<int>("--fooling-iterations") { Description = "fooling: iteration cap per batch.", DefaultValueFactory = _ => 10 };
        var augmixSeverity = new Option<int>("--augmix-severity") { Description = "augmix: operation severity 1..10 (3: the CIFAR recipe's, also right for 28-32 px images; ImageNet uses 1).", DefaultValueFactory = _ => 3 };
        var augmixWidth = new Option<int>("--augmix-width") { Description = "augmix: operation chains mixed per image.", DefaultValueFactory = _ => 3 };
        var augmixDepth = new Option<int>("--augmix-depth") { Description = "augmix: operations per chain (-1: uniform 1..3).", DefaultValueFactory = _ => -1 };
        var augmixAlpha = new Option<double>("--augmix-alpha") { Description = "augmix: Dirichlet/Beta mixing coefficient.", DefaultValueFactory = _ => 1.0 };
        var allOps = new Option<bool>("--all-ops") { Description = "augmix: also use color, contrast, brightness and sharpness (they overlap ImageNet-C); same as --exclude-c false." };
        var excludeC = new Option<bool>("--exclude-c") { Description = "augmix: leave out the four operations that overlap ImageNet-C test corruptions (default true).", DefaultValueFactory = _ => true };
        var noJsd = new Option<bool>("--no-jsd") { Description = "augmix: one AugMix image per sample with cross-entropy, no Jensen-Shannon consistency loss." };
        var jsdLambda = new Option<double>("--jsd-lambda") { Description = "augmix: weight of the Jensen-Shannon consistency loss.", DefaultValueFactory = _ => 12.0 };
        var cropPadding = new Option<int>("--crop-padding") { Description = "Random-crop augmentation padding in pixels (0 = off).", DefaultValueFactory = _ => 0 };
        var randomResizedCrop = new Option<bool>("--random-resized-crop") { Description = "torchvision RandomResizedCrop (scale 0.08-1, ratio 3/4-4/3) back to the training size; for ImageNet-size data." };
        var flip = new Option<bool>("--flip") { Description = "Random horizontal flip augmentation." };
        var init = new Option<FileInfo?>("--init") { Description = "Start from these weights (safetensors) instead of a fresh initialisation." };
        var corruption = new Option<string?>("--corruption") { Description = "corruption: the corruption mixed into each batch (see 'robustgate corruptions')." };
        var resume = new Option<FileInfo?>("--resume") { Description = "Continue from a checkpoint.safetensors written by an earlier run with the same arguments." };
        var command = new Command("train", "Train a model with a recipe and write its weights, per-epoch metrics and checkpoints.")
        {
            arch, data, epochs, seed, batch, lr, optimizer, weightDecay, limit, output, recipeOption, noiseFraction, sigma, sigmas, epsilon,
            pClean, pCurrent, pHistory, ngLr, ngRetrainLr, ngRetrainSteps, ngHistory, foolingLr, foolingIterations,
            augmixSeverity, augmixWidth, augmixDepth, augmixAlpha, allOps, excludeC, noJsd, jsdLambda, cropPadding, randomResizedCrop, flip, init, resume, corruption, sin,
        };
        DeviceOption.AddTo(command);
        command.SetAction(parse =>
        {
            var sigmaList = ParseSigmas(parse.GetValue(sigmas));
            var recipeName = parse.GetValue(recipeOption)!.ToLowerInvariant();
            var antOptions = new AntOptions
            {
                Epsilon = parse.GetValue(epsilon),
                CleanFraction = parse.GetValue(pClean),
                CurrentFraction = parse.GetValue(pCurrent),
                HistoryFraction = parse.GetValue(pHistory),
                GeneratorLearningRate = parse.GetValue(ngLr),
                RetrainLearningRate = parse.GetValue(ngRetrainLr),
                RetrainSteps = parse.GetValue(ngRetrainSteps),
                HistorySize = parse.GetValue(ngHistory),
            };
            var stylized = parse.GetValue(sin) is { } sinDir ? new StylizedImageSource(sinDir.FullName) : null;
            if (stylized is not null && !recipeName.EndsWith("+sin", StringComparison.Ordinal))
            {
                throw new ConfigurationException($"--sin: only the ant+sin and ant3x3+sin recipes use stylized images, this run is '{recipeName}'");
            }

            ITrainingRecipe recipe = recipeName switch
            {
                "standard" => new StandardRecipe(),
                "gauss" => new GaussianNoiseRecipe(parse.GetValue(sigma), parse.GetValue(noiseFraction)),
                "gauss-mult" => new MultiSigmaGaussianRecipe(sigmaList, parse.GetValue(noiseFraction)),
                "speckle" => new SpeckleNoiseRecipe(sigmaList, parse.GetValue(noiseFraction)),
                "ant" => new AntRecipe(antOptions),
                "ant3x3" => new AntRecipe(antOptions with { Kind = NoiseGeneratorKind.ThreeByThree }),
                "ant+sin" or "ant3x3+sin" => new AntRecipe(
                    antOptions with { Kind = recipeName == "ant+sin" ? NoiseGeneratorKind.OneByOne : NoiseGeneratorKind.ThreeByThree },
                    stylized ?? throw new ConfigurationException($"--recipe {recipeName}: needs --sin DIR, a folder of stylized images")),
                "fooling" => new FoolingRecipe(parse.GetValue(noiseFraction), parse.GetValue(foolingLr), parse.GetValue(foolingIterations)),
                "corruption" => new CorruptionAugmentationRecipe(
                    parse.GetValue(corruption) ?? throw new ConfigurationException("--recipe corruption needs --corruption NAME (see 'robustgate corruptions')"),
                    corruptedFraction: parse.GetValue(noiseFraction)),
                "augmix" => new AugMixRecipe(new AugMixOptions
                {
                    Severity = parse.GetValue(augmixSeverity),
                    Width = parse.GetValue(augmixWidth),
                    Depth = parse.GetValue(augmixDepth),
                    Alpha = parse.GetValue(augmixAlpha),
                    AllOperations = parse.GetValue(allOps) || !parse.GetValue(excludeC),
                    Jsd = !parse.GetValue(noJsd),
                    JsdLambda = parse.GetValue(jsdLambda),
                }),
                var other => throw new ConfigurationException($"--recipe: expected standard, gauss, gauss-mult, speckle, ant, ant3x3, ant+sin, ant3x3+sin, augmix, fooling or corruption, found '{other}'"),
            };
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
            stylized?.Load(trainSet.ClassNames, shape);
            var train = Materialize(trainSet, trainIndices, shape);
            var test = Materialize(testSet, Enumerable.Range(0, testSet.Count).ToArray(), shape);

            var model = info.Create(trainSet.ClassCount, shape.Channels, seedValue);
            if (parse.GetValue(init) is { } initFile)
            {
                model.LoadStateDict(StateDictFile.Read(initFile.FullName), strict: true, initFile.FullName);
            }

            var options = new TrainerOptions
            {
                Epochs = parse.GetValue(epochs),
                BatchSize = parse.GetValue(batch),
                Seed = seedValue,
                Optimizer = optimizerKind,
                LearningRate = parse.GetValue(lr) ?? (optimizerKind == OptimizerKind.Sgd ? 0.1 : 1e-3),
                WeightDecay = parse.GetValue(weightDecay),
                CropPadding = parse.GetValue(cropPadding),
                HorizontalFlip = parse.GetValue(flip),
                RandomResizedCrop = parse.GetValue(randomResizedCrop),
            };
            var trainer = new Trainer(model, options, recipe);
            Directory.CreateDirectory(outDir);
            var metricsPath = Path.Combine(outDir, "metrics.jsonl");
            var checkpointPath = Path.Combine(outDir, "checkpoint.safetensors");
            var lines = new StringBuilder();
            var checkpointMetadata = new Dictionary<string, string>
            {
                ["arch"] = info.Name,
                ["recipe"] = recipe.Name,
                ["data"] = spec.ToString(),
                ["seed"] = seedValue.ToString(CultureInfo.InvariantCulture),
            };
            if (parse.GetValue(resume) is { } resumeFile)
            {
                var file = SafeTensorsFile.Read(resumeFile.FullName);
                foreach (var key in new[] { "arch", "recipe", "seed" })
                {
                    // Resuming with other settings would silently produce a run nobody asked for.
                    if (file.Metadata.TryGetValue(key, out var stored) && stored != checkpointMetadata[key])
                    {
                        throw new ConfigurationException($"--resume {resumeFile.FullName}: the checkpoint was written with {key} '{stored}', this run has '{checkpointMetadata[key]}'");
                    }
                }

                trainer.ImportCheckpoint(StateDictFile.FromSafeTensors(file), resumeFile.FullName);
                var previous = Path.Combine(resumeFile.DirectoryName ?? outDir, "metrics.jsonl");
                if (File.Exists(previous))
                {
                    // Keep the records of the epochs the checkpoint covers, so metrics.jsonl reads as one run.
                    foreach (var line in File.ReadLines(previous).Where(l => l.Length > 0).Take(trainer.CompletedEpochs))
                    {
                        lines.Append(line).Append('\n');
                    }
                }

                console.Error.WriteLine($"train: resuming {recipe.Name} after epoch {trainer.CompletedEpochs} from {resumeFile.FullName}");
            }

            var progress = new SynchronousProgress<EpochMetrics>(m =>
            {
                lines.Append(JsonLine(m, AntDiagnostics(recipe, model, test, seedValue, m.Epoch))).Append('\n');
                AtomicFile.WriteAllText(metricsPath, lines.ToString());
                StateDictFile.Write(checkpointPath, trainer.ExportCheckpoint(), checkpointMetadata);
                console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"epoch {m.Epoch}: train_loss {m.TrainLoss:0.0000}, test_accuracy {m.TestAccuracy:0.0000}, {m.Seconds:0.0} s"));
            });
            trainer.Fit(train, test, progress);
            var weights = Path.Combine(outDir, "weights.safetensors");
            trainer.SaveWeights(weights, new Dictionary<string, string>
            {
                ["arch"] = info.Name,
                ["recipe"] = recipe.Name,
                ["classes"] = trainSet.ClassCount.ToString(CultureInfo.InvariantCulture),
                ["data"] = spec.ToString(),
                ["seed"] = seedValue.ToString(CultureInfo.InvariantCulture),
            });
            console.WriteLine($"wrote {weights} and {metricsPath}");
            return 0;
        });
        return command;
    }

    private static double[]? ParseSigmas(string? text)
    {
        if (text is null)
        {
            return null;
        }

        var parts = text.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries);
        var values = new double[parts.Length];
        for (var i = 0; i < parts.Length; i++)
        {
            if (!double.TryParse(parts[i], NumberStyles.Float, CultureInfo.InvariantCulture, out values[i]))
            {
                throw new ConfigurationException($"--sigmas: expected comma-separated numbers, found '{parts[i]}'");
            }
        }

        return values;
    }

    private static InMemoryBatchSource Materialize(IImageDataset dataset, int[] indices, ImageShape shape)
    {
        var pixels = new float[(long)indices.Length * shape.ElementCount];
        var labels = new int[indices.Length];
        dataset.FillBatch(indices, shape, pixels, labels);
        return new InMemoryBatchSource(pixels, labels, shape.Channels, shape.Height, shape.Width);
    }

    /// <summary>
    /// ANT's per-epoch generator diagnostics for metrics.jsonl: accuracy under the current NG's
    /// noise on the first 500 test images (held out from training), and the loss and fooling rate
    /// its re-training at the start of the epoch reached. Empty for other recipes.
    /// </summary>
    private static List<(string Name, double Value)> AntDiagnostics(ITrainingRecipe recipe, Module model, IBatchSource test, ulong seed, int epoch)
    {
        var fields = new List<(string Name, double Value)>();
        if (recipe is not AntRecipe ant)
        {
            return fields;
        }

        fields.Add(("ng_noise_accuracy", ant.AccuracyUnderNoise(model, test, 500, seed + (ulong)epoch)));
        if (ant.LastRetrain is { } retrain)
        {
            fields.Add(("ng_retrain_loss", retrain.Loss));
            fields.Add(("ng_retrain_fooling_rate", retrain.FoolingRate));
        }

        return fields;
    }

    private static string JsonLine(EpochMetrics m, IReadOnlyList<(string Name, double Value)> extra)
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
            foreach (var (name, value) in extra)
            {
                if (double.IsFinite(value))
                {
                    writer.WriteNumber(name, value);
                }
            }

            writer.WriteEndObject();
        }

        return Encoding.UTF8.GetString(buffer.ToArray());
    }
}
