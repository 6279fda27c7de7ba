using RobustGate.Engine.Text;
namespace RobustGate.Engine.Corruptions;

/// <summary>
/// Every corruption RobustGate knows, built for one <see cref="CorruptionOptions"/> (profile, frost
/// folder). <see cref="Get"/> resolves a name and answers unknown names with a "did you mean" hint.
/// </summary>
public sealed class CorruptionRegistry
{
    /// <summary>The 15 ImageNet-C benchmark corruptions in the order of the paper's tables.</summary>
    public static IReadOnlyList<string> Benchmark15 { get; } =
    [
        "gaussian_noise", "shot_noise", "impulse_noise",
        "defocus_blur", "glass_blur", "motion_blur", "zoom_blur",
        "snow", "frost", "fog", "brightness",
        "contrast", "elastic_transform", "pixelate", "jpeg_compression",
    ];

    /// <summary>The four held-out ImageNet-C corruptions.</summary>
    public static IReadOnlyList<string> Extra4 { get; } = ["speckle_noise", "gaussian_blur", "spatter", "saturate"];

    private readonly Dictionary<string, ICorruption> _byName = new(StringComparer.Ordinal);
    private readonly List<ICorruption> _all = [];

    public CorruptionRegistry(CorruptionOptions? options = null)
    {
        Options = options ?? CorruptionOptions.Default;
        foreach (var corruption in CorruptionCatalog.Create(Options))
        {
            _byName.Add(corruption.Name, corruption);
            _all.Add(corruption);
        }
    }

    public CorruptionOptions Options { get; }

    /// <summary>All corruptions, benchmark 15 first, then the extras, NOC and the noise families.</summary>
    public IReadOnlyList<ICorruption> All => _all;

    public IEnumerable<string> Names => _all.Select(c => c.Name);

    public IEnumerable<ICorruption> InGroup(CorruptionGroup group) => _all.Where(c => c.Group == group);

    public bool TryGet(string name, out ICorruption corruption) => _byName.TryGetValue(name, out corruption!);

    /// <summary>The corruption called <paramref name="name"/>; an unknown name gives a <see cref="ConfigurationException"/> with the nearest names.</summary>
    public ICorruption Get(string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        if (_byName.TryGetValue(name, out var corruption))
        {
            return corruption;
        }

        var normalised = name.Trim().ToLowerInvariant().Replace('-', '_').Replace(' ', '_');
        if (_byName.TryGetValue(normalised, out corruption))
        {
            return corruption;
        }

        var suggestions = Suggest(normalised);
        var hint = suggestions.Count > 0 ? $" Did you mean {string.Join(" or ", suggestions.Select(s => $"'{s}'"))}?" : string.Empty;
        throw new ConfigurationException($"Unknown corruption '{name}'.{hint} Known corruptions: {string.Join(", ", Names)}.");
    }

    /// <summary>Known names close to <paramref name="name"/>, nearest first (see <see cref="NameSuggestions"/>).</summary>
    public IReadOnlyList<string> Suggest(string name) => NameSuggestions.Closest(name, Names);
}
