using RobustGate.Engine.Data;
using RobustGate.Engine.Imaging;
using RobustGate.Engine.Kernels;

namespace RobustGate.Engine.Evaluation;

/// <summary>
/// Runs a classifier over a fixed sample of a dataset under every setting (clean, corruptions,
/// noise) and records per-sample correctness. Batches are prepared (decode, resize, corrupt) on
/// worker threads while the model runs the previous batch. Results depend only on the data, the
/// seed and the model: not on batch boundaries, thread counts or shard layout.
/// </summary>
public sealed class Evaluator
{
    /// <summary>Clean images are decoded once and kept while they fit in this many bytes.</summary>
    private const long DecodeCacheBytes = 1L << 30;

    private readonly IClassifier _classifier;
    private readonly IImageDataset _dataset;
    private readonly int _batchSize;

    public Evaluator(IClassifier classifier, IImageDataset dataset, int batchSize = 128)
    {
        ArgumentNullException.ThrowIfNull(classifier);
        ArgumentNullException.ThrowIfNull(dataset);
        ArgumentOutOfRangeException.ThrowIfLessThan(batchSize, 1);
        _classifier = classifier;
        _dataset = dataset;
        _batchSize = batchSize;
    }

    public EvaluationResults Run(
        IReadOnlyList<int> sampleIndices,
        IReadOnlyList<EvaluationSetting> settings,
        ulong seed,
        IProgress<EvaluationProgress>? progress = null,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(sampleIndices);
        ArgumentNullException.ThrowIfNull(settings);
        var n = sampleIndices.Count;
        var labels = new int[n];
        for (var i = 0; i < n; i++)
        {
            labels[i] = _dataset.Labels[sampleIndices[i]];
            if ((uint)labels[i] >= (uint)_classifier.ClassCount)
            {
                throw new InvalidInputException(
                    $"sample {sampleIndices[i]} has label {labels[i]}, but the model has {_classifier.ClassCount} classes (check --classes)",
                    _dataset.Name);
            }
        }

        var onTheFly = settings.Any(s => s.Premade is null);
        var clean = new CleanImages(_dataset, _classifier.Input, sampleIndices, onTheFly ? DecodeCacheBytes : 0);
        var total = (long)n * settings.Count;
        long done = 0;
        var results = new List<SettingResult>(settings.Count);
        var predictions = new int[n];
        var per = _classifier.Input.ElementsPerImage;
        var buffers = new[] { new float[_batchSize * per], new float[_batchSize * per] };
        foreach (var setting in settings)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var batches = (n + _batchSize - 1) / _batchSize;
            Task? pending = batches > 0 ? Task.Run(() => Prepare(clean, setting, 0, buffers[0], seed, sampleIndices), cancellationToken) : null;
            for (var b = 0; b < batches; b++)
            {
                pending!.GetAwaiter().GetResult();
                var start = b * _batchSize;
                var count = Math.Min(_batchSize, n - start);
                var current = buffers[b & 1];
                if (b + 1 < batches)
                {
                    var next = buffers[(b + 1) & 1];
                    var nextStart = (b + 1) * _batchSize;
                    pending = Task.Run(() => Prepare(clean, setting, nextStart, next, seed, sampleIndices), cancellationToken);
                }

                _classifier.Predict(current.AsSpan(0, count * per), count, predictions.AsSpan(start, count));
                done += count;
                progress?.Report(new EvaluationProgress(setting.Label, done, total));
                cancellationToken.ThrowIfCancellationRequested();
            }

            results.Add(setting.ToResult(CorrectnessBits.FromPredictions(predictions, labels)));
        }

        return new EvaluationResults(sampleIndices, results);
    }

    /// <summary>The clean samples after the model's geometry as N x C x H x W floats in [0, 1] (what attacks perturb).</summary>
    public float[] CleanPixels(IReadOnlyList<int> sampleIndices)
    {
        ArgumentNullException.ThrowIfNull(sampleIndices);
        var input = _classifier.Input;
        var per = input.ElementsPerImage;
        var pixels = new float[(long)sampleIndices.Count * per];
        ParallelLoop.For(sampleIndices.Count, i =>
            input.ToTensor(input.ApplyGeometry(_dataset.Get(sampleIndices[i]).Image), pixels.AsSpan(i * per, per)));
        return pixels;
    }

    private void Prepare(CleanImages clean, EvaluationSetting setting, int start, float[] buffer, ulong seed, IReadOnlyList<int> sampleIndices)
    {
        var count = Math.Min(_batchSize, sampleIndices.Count - start);
        var input = _classifier.Input;
        var per = input.ElementsPerImage;
        ParallelLoop.For(count, i =>
        {
            var position = start + i;
            if (setting.Premade is { } premade)
            {
                input.ToTensor(input.ApplyGeometry(premade.Get(sampleIndices[position]).Image), buffer.AsSpan(i * per, per));
                return;
            }

            var cleanImage = clean.Get(position);
            var image = setting.Apply(cleanImage, sampleIndices[position], seed);
            input.ToTensor(image, buffer.AsSpan(i * per, per));

            // A corrupted image is this loop's own; the clean one may be cached and reused.
            if (!ReferenceEquals(image, cleanImage))
            {
                ImagePool.Return(image);
            }
        });
    }

    /// <summary>The samples after the model's geometry, decoded once when they fit in memory.</summary>
    private sealed class CleanImages
    {
        private readonly IImageDataset _dataset;
        private readonly ModelInputSpec _input;
        private readonly IReadOnlyList<int> _indices;
        private readonly Image?[]? _cache;

        public CleanImages(IImageDataset dataset, ModelInputSpec input, IReadOnlyList<int> indices, long budgetBytes)
        {
            _dataset = dataset;
            _input = input;
            _indices = indices;
            var bytes = (long)indices.Count * input.Height * input.Width * Math.Max(3, input.Channels);
            if (budgetBytes > 0 && bytes <= budgetBytes)
            {
                _cache = new Image?[indices.Count];
            }
        }

        public Image Get(int position)
        {
            if (_cache is not null && _cache[position] is { } cached)
            {
                return cached;
            }

            var image = _input.ApplyGeometry(_dataset.Get(_indices[position]).Image);
            if (_cache is not null)
            {
                _cache[position] = image;
            }

            return image;
        }
    }
}
