using System.Globalization;
using RobustGate.Engine.Evaluation;

namespace RobustGate.Engine.Metrics;

/// <summary>
/// The normaliser of CE and relative CE: a baseline network's clean error and per-corruption
/// errors. Stored inside every report that uses it, so a report can be re-scored (and shards
/// merged) without the original baseline source.
/// </summary>
public sealed class BaselineTable
{
    public BaselineTable(BaselineKind kind, string name, string? source, double? cleanError, IEnumerable<BaselineCorruption> corruptions)
    {
        ArgumentNullException.ThrowIfNull(name);
        ArgumentNullException.ThrowIfNull(corruptions);
        Kind = kind;
        Name = name;
        Source = source;
        CleanError = cleanError;
        Corruptions = corruptions.ToList();
        _byName = Corruptions.ToDictionary(c => c.Name, StringComparer.Ordinal);
    }

    private readonly Dictionary<string, BaselineCorruption> _byName;

    public BaselineKind Kind { get; }

    /// <summary>Short name, e.g. <c>alexnet</c> or a model's arch; equal names mean comparable CE values.</summary>
    public string Name { get; }

    /// <summary>Where the numbers came from (a report file name, a weights file), or null.</summary>
    public string? Source { get; }

    public double? CleanError { get; }

    /// <summary>Corruptions in table order.</summary>
    public IReadOnlyList<BaselineCorruption> Corruptions { get; }

    public BaselineCorruption? Find(string corruption) => _byName.GetValueOrDefault(corruption);

    /// <summary>
    /// A baseline from evaluated settings (a baseline model in the same run, or a baseline
    /// report's settings): its clean error and per-severity corruption errors.
    /// </summary>
    public static BaselineTable FromSettings(BaselineKind kind, string name, string? source, IEnumerable<SettingResult> settings)
    {
        ArgumentNullException.ThrowIfNull(settings);
        double? clean = null;
        var order = new List<string>();
        var perCorruption = new Dictionary<string, SortedDictionary<int, double>>(StringComparer.Ordinal);
        foreach (var s in settings)
        {
            if (s.Kind == SuiteKind.Clean)
            {
                clean = s.Error;
            }
            else if (s.Kind == SuiteKind.Corruption && s.Severity is int severity)
            {
                if (!perCorruption.TryGetValue(s.Name, out var map))
                {
                    map = [];
                    perCorruption[s.Name] = map;
                    order.Add(s.Name);
                }

                map[severity] = s.Error;
            }
        }

        var rows = order.Select(n =>
        {
            var map = perCorruption[n];
            double? mean = map.Count == 5 && map.Keys.SequenceEqual([1, 2, 3, 4, 5]) ? map.Values.Average() : null;
            return new BaselineCorruption(n, map, mean);
        });
        return new BaselineTable(kind, name, source, clean, rows);
    }

    /// <summary>
    /// Published AlexNet top-1 errors on ImageNet-C (spec/corruptions.md §6): per severity for the
    /// 15 benchmark corruptions (their means equal AugMix's ALEXNET_ERR constants), means only for
    /// the 4 extra ones, clean error 0.4348.
    /// </summary>
    public static BaselineTable AlexNet { get; } = CreateAlexNet();

    private static BaselineTable CreateAlexNet()
    {
        // name, mean, severities 1..5 (empty for the extras, which only have a mean).
        string[] rows =
        [
            "gaussian_noise 0.886428 0.69528 0.82542 0.93554 0.98138 0.99452",
            "shot_noise 0.894468 0.71224 0.85108 0.93574 0.98182 0.99146",
            "impulse_noise 0.922640 0.78374 0.89808 0.94870 0.98720 0.99548",
            "defocus_blur 0.819880 0.65624 0.73202 0.85036 0.91364 0.94714",
            "glass_blur 0.826268 0.64308 0.75054 0.88806 0.91622 0.93344",
            "motion_blur 0.785948 0.58430 0.70048 0.82108 0.89750 0.92638",
            "zoom_blur 0.798360 0.70008 0.76992 0.80784 0.84198 0.87198",
            "snow 0.866816 0.71726 0.88392 0.86468 0.91870 0.94952",
            "frost 0.826572 0.61390 0.79734 0.88790 0.89942 0.93430",
            "fog 0.819324 0.67474 0.76050 0.84378 0.87260 0.94500",
            "brightness 0.564592 0.45140 0.48502 0.54048 0.62166 0.72440",
            "contrast 0.853204 0.64548 0.76150 0.88874 0.97760 0.99270",
            "elastic_transform 0.646056 0.52596 0.70116 0.55686 0.64076 0.80554",
            "pixelate 0.717840 0.52218 0.54620 0.73728 0.87092 0.91262",
            "jpeg_compression 0.606500 0.51002 0.54718 0.57294 0.65458 0.74778",
            "speckle_noise 0.845388",
            "gaussian_blur 0.787108",
            "spatter 0.717512",
            "saturate 0.658248",
        ];
        var corruptions = rows.Select(row =>
        {
            var parts = row.Split(' ');
            var severities = new SortedDictionary<int, double>();
            for (var i = 2; i < parts.Length; i++)
            {
                severities[i - 1] = double.Parse(parts[i], CultureInfo.InvariantCulture);
            }

            return new BaselineCorruption(parts[0], severities, double.Parse(parts[1], CultureInfo.InvariantCulture));
        });
        return new BaselineTable(BaselineKind.AlexNet, "alexnet", "Hendrycks & Dietterich 2019, ImageNet-C", 0.4348, corruptions);
    }
}
