using System.Diagnostics;
using RobustGate.Engine.Corruptions;
using RobustGate.Engine.Imaging;
using RobustGate.Engine.Randomness;

namespace RobustGate.Engine.Benchmarks;

/// <summary>
/// Times every corruption on synthetic photographs-like images (smooth gradients plus texture, a
/// fixed pattern) at the requested sizes: the median over repetitions of the seconds per image on
/// one thread, and the seconds per image when a batch is corrupted on all threads (throughput).
/// Data only; the CLI prints it beside <see cref="CorruptionReferenceTimings"/>.
/// </summary>
public static class CorruptionBenchmark
{
    public static CorruptionBenchmarkResult Run(CorruptionBenchmarkOptions? options = null, IProgress<string>? progress = null)
    {
        options ??= new CorruptionBenchmarkOptions();
        if (options.Severity is < 1 or > 5 || options.Repetitions < 1 || options.ImagesPerRepetition < 1)
        {
            throw new ConfigurationException("Corruption benchmark: severity must be 1..5 and repetitions and images per repetition at least 1.");
        }

        var registry = new CorruptionRegistry(new CorruptionOptions { Profile = options.Profile, FrostDirectory = options.FrostDirectory });
        var names = options.Corruptions ?? [.. CorruptionRegistry.Benchmark15, .. CorruptionRegistry.Extra4];
        var threads = options.Threads ?? Environment.ProcessorCount;
        var timings = new List<CorruptionTiming>();
        foreach (var size in options.Sizes)
        {
            var image = SyntheticImage(size);
            foreach (var name in names)
            {
                var corruption = registry.Get(name);

                // Warm-up to the steady state an evaluation runs in (thousands of images per corruption):
                // lazily loaded textures, pooled buffers and tiered JIT. The runtime recompiles a method
                // with full optimisation only after 30 calls and 100 ms without new compilations (jpeg_compression
                // timed alone needed about 1 s; DOTNET_TieredCompilation=0 gives the same figure), so a few calls would time
                // unoptimised code; the reference's numba timings likewise exclude its compilation.
                var warmUp = Stopwatch.StartNew();
                for (var w = 0; (w < WarmUpCalls || warmUp.Elapsed < WarmUpTime) && warmUp.Elapsed < WarmUpLimit; w++)
                {
                    Recycle(corruption.Apply(image, options.Severity, new NumpyRandom((uint)w)), image);
                }

                var single = Median([.. Enumerable.Range(0, options.Repetitions).Select(r => TimeOne(corruption, image, options, r))]);
                var parallel = Median([.. Enumerable.Range(0, options.Repetitions).Select(r => TimeBatch(corruption, image, options, threads, r))]);
                timings.Add(new CorruptionTiming(name, size, single, parallel));
                progress?.Report($"{name} {size}px: {single * 1e3:F3} ms one thread, {parallel * 1e3:F3} ms/image on {threads} threads");
            }
        }

        return new CorruptionBenchmarkResult(options.Profile, options.Severity, threads, timings);
    }

    private const int WarmUpCalls = 40;
    private static readonly TimeSpan WarmUpTime = TimeSpan.FromSeconds(1);
    private static readonly TimeSpan WarmUpLimit = TimeSpan.FromSeconds(5);

    private static double TimeOne(ICorruption corruption, Image image, CorruptionBenchmarkOptions options, int repetition)
    {
        var watch = Stopwatch.StartNew();
        for (var i = 0; i < options.ImagesPerRepetition; i++)
        {
            Recycle(corruption.Apply(image, options.Severity, new NumpyRandom((uint)((repetition * 7919) + i))), image);
        }

        return watch.Elapsed.TotalSeconds / options.ImagesPerRepetition;
    }

    private static double TimeBatch(ICorruption corruption, Image image, CorruptionBenchmarkOptions options, int threads, int repetition)
    {
        var count = options.ImagesPerRepetition * threads;
        var watch = Stopwatch.StartNew();
        Parallel.For(0, count, new ParallelOptions { MaxDegreeOfParallelism = threads }, i =>
            Recycle(corruption.Apply(image, options.Severity, new NumpyRandom((uint)((repetition * 7919) + i))), image));
        return watch.Elapsed.TotalSeconds / count;
    }

    /// <summary>
    /// Hands a corrupted image back to <see cref="ImagePool"/>, as the evaluator does once the image
    /// is a tensor, so the timings are the corruption's and not the page faults of fresh output memory.
    /// </summary>
    private static void Recycle(Image corrupted, Image input)
    {
        if (!ReferenceEquals(corrupted, input))
        {
            ImagePool.Return(corrupted);
        }
    }

    private static double Median(List<double> values)
    {
        values.Sort();
        var n = values.Count;
        return n % 2 == 1 ? values[n / 2] : (values[(n / 2) - 1] + values[n / 2]) / 2;
    }

    /// <summary>A fixed image with smooth regions, edges and fine texture, so no corruption hits a trivial case.</summary>
    internal static Image SyntheticImage(int size)
    {
        var image = new Image(size, size, 3);
        var rng = new NumpyRandom(20261122);
        for (var y = 0; y < size; y++)
        {
            for (var x = 0; x < size; x++)
            {
                double u = (double)x / size, v = (double)y / size;
                var disc = ((u - 0.6) * (u - 0.6)) + ((v - 0.4) * (v - 0.4)) < 0.06 ? 70.0 : 0.0;
                var texture = 20 * rng.NextDouble();
                image[y, x, 0] = (byte)Math.Clamp((200 * u) + disc + texture, 0, 255);
                image[y, x, 1] = (byte)Math.Clamp((160 * v) + (40 * Math.Sin(12 * u)) + texture, 0, 255);
                image[y, x, 2] = (byte)Math.Clamp(120 + (80 * Math.Cos(9 * (u + v))) - disc + texture, 0, 255);
            }
        }

        return image;
    }
}
