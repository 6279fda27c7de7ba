using System.Diagnostics;
using RobustGate.Engine.Corruptions;
using RobustGate.Engine.Data;
using RobustGate.Engine.Evaluation;
using RobustGate.Engine.Imaging;
using RobustGate.Engine.Models;
using RobustGate.Engine.Text;
using RobustGate.Engine.Training;

namespace RobustGate.Engine.Overlap;

/// <summary>
/// Measures how much corruptions overlap (spec corruptions.md §9.3): trains m_0 with the standard
/// recipe and one m_c per corruption with <see cref="CorruptionAugmentationRecipe"/>, all with the
/// engine's <see cref="Trainer"/> from the same seed, then evaluates every model with the
/// <see cref="Evaluator"/> on clean data and every corruption at every severity — the same images
/// and the same evaluation as <c>check</c> — and returns the <see cref="OverlapMatrix"/>.
/// </summary>
public sealed class OverlapExperiment
{
    private readonly ModelInfo _architecture;
    private readonly DatasetSpec _data;
    private readonly CorruptionProfile? _fixedProfile;

    public OverlapExperiment(OverlapSettings settings)
    {
        ArgumentNullException.ThrowIfNull(settings);
        Settings = settings;
        _architecture = ModelRegistry.Get(settings.Arch);
        _data = DatasetSpec.Parse(settings.Data);
        if (_data.IsCorruptedSet)
        {
            throw new ConfigurationException($"--data: an overlap experiment trains on clean data and corrupts it itself; '{settings.Data}' is a pre-made corrupted set");
        }

        _fixedProfile = settings.Profile.Trim().ToLowerInvariant() is "" or "auto" ? null : CheckRunner.ResolveProfile(settings.Profile, new ModelInputSpec(1, 1, 1));
        Corruptions = ResolveCorruptions(settings.Corruptions);
        if (settings.Epochs < 1)
        {
            throw new ConfigurationException($"--epochs: expected at least 1, got {settings.Epochs}");
        }

        if (settings.Limit is < 1 || settings.EvalLimit is < 1)
        {
            throw new ConfigurationException($"--limit/--eval-limit: expected at least 1 image, got {settings.Limit?.ToString() ?? "all"}/{settings.EvalLimit?.ToString() ?? "all"}");
        }

        if (settings.Severities.Count == 0 || settings.Severities.Any(s => s is < 1 or > 5))
        {
            throw new ConfigurationException($"severities: expected values in 1..5, got [{string.Join(", ", settings.Severities)}]");
        }
    }

    public OverlapSettings Settings { get; }

    /// <summary>The corruptions' canonical names, in the order given.</summary>
    public IReadOnlyList<string> Corruptions { get; }

    /// <summary>Trains and evaluates 1 + <see cref="Corruptions"/>.Count models; progress per training epoch and per evaluated batch.</summary>
    public OverlapMatrix Run(IProgress<OverlapProgress>? progress = null, IProgress<OverlapModelResult>? finished = null, CancellationToken cancellationToken = default)
    {
        var clock = Stopwatch.StartNew();
        var seed = Settings.Seed;
        var trainSet = _data.Open(new DatasetOpenOptions { Split = DatasetSplit.Train, Seed = seed, Decoder = path => ImageFile.Load(path) });
        var testSet = _data.Open(new DatasetOpenOptions { Split = DatasetSplit.Test, Seed = seed, Decoder = path => ImageFile.Load(path) });
        var shape = trainSet.Shape ?? throw new InvalidInputException("training images must all have one size", _data.ToString());
        if (testSet.Shape != shape)
        {
            throw new InvalidInputException($"test images are {testSet.Shape?.ToString() ?? "of varying size"}, training images {shape}; both splits need one size", _data.ToString());
        }

        var trainIndices = Settings.Limit is { } limit
            ? DatasetSubset.Stratified(trainSet.Labels, limit, unchecked((int)seed))
            : Enumerable.Range(0, trainSet.Count).ToArray();
        var evalIndices = Settings.EvalLimit is { } evalLimit
            ? DatasetSubset.Stratified(testSet.Labels, evalLimit, unchecked((int)seed))
            : Enumerable.Range(0, testSet.Count).ToArray();
        var train = Materialize(trainSet, trainIndices, shape);

        var input = new ModelInputSpec(shape.Channels, shape.Height, shape.Width);
        var profile = _fixedProfile ?? CheckRunner.ResolveProfile(null, input);
        var registry = new CorruptionRegistry(new CorruptionOptions { Profile = profile });
        var settings = new List<EvaluationSetting> { EvaluationSetting.Clean };
        foreach (var name in Corruptions)
        {
            var corruption = registry.Get(name);
            settings.AddRange(Settings.Severities.Select(s => EvaluationSetting.ForCorruption(corruption, s)));
        }

        var models = new List<OverlapModelResult>();
        foreach (var trainedOn in new string?[] { null }.Concat(Corruptions))
        {
            cancellationToken.ThrowIfCancellationRequested();
            var result = TrainAndEvaluate(trainedOn, trainSet.ClassCount, train, testSet, evalIndices, input, profile, settings, progress, cancellationToken);
            models.Add(result);
            finished?.Report(result);
        }

        var standard = models[0];
        var trained = models.Skip(1).ToList();
        var n = Corruptions.Count;
        var robustness = new double[n, n];
        for (var i = 0; i < n; i++)
        {
            for (var j = 0; j < n; j++)
            {
                robustness[i, j] = trained[i].Robustness[j];
            }
        }

        var overlap = OverlapScore.Matrix(standard.Robustness, robustness);
        var rows = Enumerable.Range(0, n).Select(i => (IReadOnlyList<double>)Enumerable.Range(0, n).Select(j => overlap[i, j]).ToArray()).ToArray();
        return new OverlapMatrix(
            Settings, CheckRunner.ProfileName(profile), trainSet.Describe(), trainIndices.Length, evalIndices.Length,
            Corruptions, standard, trained, rows, clock.Elapsed.TotalSeconds);
    }

    private OverlapModelResult TrainAndEvaluate(
        string? trainedOn,
        int classCount,
        InMemoryBatchSource train,
        IImageDataset testSet,
        int[] evalIndices,
        ModelInputSpec input,
        CorruptionProfile profile,
        IReadOnlyList<EvaluationSetting> settings,
        IProgress<OverlapProgress>? progress,
        CancellationToken cancellationToken)
    {
        var name = trainedOn is null ? "standard" : $"trained_on_{trainedOn}";
        ITrainingRecipe recipe = trainedOn is null
            ? new StandardRecipe()
            : new CorruptionAugmentationRecipe(trainedOn, profile, Settings.CorruptedFraction);
        var model = _architecture.Create(classCount, input.Channels, Settings.Seed);
        var options = new TrainerOptions
        {
            Epochs = Settings.Epochs,
            BatchSize = Settings.BatchSize,
            Seed = Settings.Seed,
            Optimizer = OptimizerKind.Adam,
            LearningRate = Settings.LearningRate,
        };
        var trainer = new Trainer(model, options, recipe);
        var trainClock = Stopwatch.StartNew();
        progress?.Report(new OverlapProgress($"{name}: train", 0, Settings.Epochs));
        var epochs = trainer.Fit(train, test: null, new InlineProgress<EpochMetrics>(m => progress?.Report(new OverlapProgress($"{name}: train", m.Epoch, Settings.Epochs))), cancellationToken);
        var trainSeconds = trainClock.Elapsed.TotalSeconds;

        var evalClock = Stopwatch.StartNew();
        var evaluator = new Evaluator(new ModuleClassifier(model, classCount, input), testSet, Math.Max(Settings.BatchSize, 128));
        var results = evaluator.Run(
            evalIndices, settings, Settings.Seed,
            new InlineProgress<EvaluationProgress>(p => progress?.Report(new OverlapProgress($"{name}: eval {p.Setting}", p.Done, p.Total))),
            cancellationToken);
        var clean = Accuracy(results.Settings[0]);
        var severities = Settings.Severities.Count;
        var perSeverity = new List<IReadOnlyList<double>>();
        var accuracies = new List<double>();
        for (var c = 0; c < Corruptions.Count; c++)
        {
            var columns = results.Settings.Skip(1 + (c * severities)).Take(severities).ToArray();
            perSeverity.Add(columns.Select(Accuracy).ToArray());
            // Pooled counts rather than a mean of per-severity ratios (equal for equal sample counts):
            // a model that gets as many right under c as on clean data then has R exactly 1, not 1 ± 1 ulp.
            accuracies.Add(Accuracy(columns.Sum(s => s.CorrectCount), columns.Sum(s => s.Total)));
        }

        return new OverlapModelResult(
            name, trainedOn, clean, accuracies, perSeverity, accuracies.Select(a => OverlapScore.Robustness(a, clean)).ToArray(),
            epochs[^1].TrainLoss, trainSeconds, evalClock.Elapsed.TotalSeconds);
    }

    private List<string> ResolveCorruptions(IReadOnlyList<string> names)
    {
        ArgumentNullException.ThrowIfNull(names);
        var registry = new CorruptionRegistry(new CorruptionOptions { Profile = _fixedProfile ?? CorruptionProfile.ImageCorruptions });
        var resolved = new List<string>();
        foreach (var raw in names)
        {
            var name = raw.Trim();
            if (!registry.TryGet(name, out var corruption))
            {
                throw new ConfigurationException($"--corruptions: unknown corruption '{name}'.{NameSuggestions.Hint(name, registry.Names)} See 'robustgate corruptions'.");
            }

            if (corruption.Group == CorruptionGroup.NoiseFamily)
            {
                throw new ConfigurationException($"--corruptions: '{name}' is a noise family of the noise suite, not a corruption with severities 1..5");
            }

            if (resolved.Contains(corruption.Name, StringComparer.Ordinal))
            {
                throw new ConfigurationException($"--corruptions: '{corruption.Name}' is listed twice");
            }

            resolved.Add(corruption.Name);
        }

        if (resolved.Count < 2)
        {
            throw new ConfigurationException($"--corruptions: expected at least two corruptions (the overlap is between pairs), got {resolved.Count}");
        }

        return resolved;
    }

    private static double Accuracy(SettingResult setting) => Accuracy(setting.CorrectCount, setting.Total);

    private static double Accuracy(long correct, long total) => total == 0 ? double.NaN : (double)correct / total;

    private static InMemoryBatchSource Materialize(IImageDataset dataset, int[] indices, ImageShape shape)
    {
        var pixels = new float[(long)indices.Length * shape.ElementCount];
        var labels = new int[indices.Length];
        dataset.FillBatch(indices, shape, pixels, labels);
        return new InMemoryBatchSource(pixels, labels, shape.Channels, shape.Height, shape.Width);
    }

    /// <summary>Reports on the calling thread (Progress&lt;T&gt; would post to the thread pool and reorder reports).</summary>
    private sealed class InlineProgress<T>(Action<T> report) : IProgress<T>
    {
        public void Report(T value) => report(value);
    }
}
