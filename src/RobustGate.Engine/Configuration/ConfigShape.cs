namespace RobustGate.Engine.Configuration;

/// <summary>
/// The keys an object of <c>robustgate.json</c> accepts, with the shape of each key's object
/// value (or of its array items) where the value is an object. The loader rejects keys outside a
/// shape, and the tests check that schemas/robustgate.schema.json declares exactly these keys.
/// </summary>
public sealed class ConfigShape
{
    public ConfigShape(params (string Key, ConfigShape? Child)[] properties)
    {
        Properties = properties.ToDictionary(p => p.Key, p => p.Child, StringComparer.Ordinal);
        Keys = properties.Select(p => p.Key).ToList();
    }

    /// <summary>Accepted keys in documentation order.</summary>
    public IReadOnlyList<string> Keys { get; }

    /// <summary>Key to the shape of its object value (or array items), null for scalars and lists of scalars.</summary>
    public IReadOnlyDictionary<string, ConfigShape?> Properties { get; }

    public static ConfigShape Preprocessing { get; } = new(("resize", null), ("center_crop", null), ("interpolation", null));

    public static ConfigShape Model { get; } = new(
        ("arch", null), ("weights", null), ("classes", null), ("mean", null), ("std", null), ("input_size", null), ("preprocessing", Preprocessing));

    public static ConfigShape Corruptions { get; } = new(("names", null), ("severities", null), ("profile", null), ("frost_dir", null));

    public static ConfigShape Noise { get; } = new(("family", null), ("levels", null));

    public static ConfigShape Attack { get; } = new(("name", null), ("eps", null), ("steps", null), ("alpha", null), ("restarts", null), ("norm", null));

    public static ConfigShape Suites { get; } = new(("corruptions", Corruptions), ("noise", Noise), ("attacks", Attack));

    /// <summary>The object form of <c>baseline</c> (a baseline model evaluated in the same run).</summary>
    public static ConfigShape Baseline { get; } = new(("model", Model));

    public static ConfigShape Gate { get; } = new(("rules", null), ("significance", null));

    public static ConfigShape Root { get; } = new(
        ("$schema", null),
        ("model", Model),
        ("data", null),
        ("suites", Suites),
        ("baseline", Baseline),
        ("gate", Gate),
        ("limit", null),
        ("batch_size", null),
        ("seed", null),
        ("report_dir", null),
        ("formats", null),
        ("shard", null),
        ("device", null));
}
