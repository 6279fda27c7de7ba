using RobustGate.Engine.Corruptions;
using RobustGate.Engine.Data;
using RobustGate.Engine.Imaging;
using RobustGate.Engine.Randomness;

namespace RobustGate.Engine.Evaluation;

/// <summary>
/// One column of a check: the clean images, or one corruption at one severity. Corrupted images are
/// seeded per (sample index, corruption, severity) from the run's base seed, so two models, two
/// shards or two machines see identical images.
/// </summary>
public sealed class EvaluationSetting
{
    private EvaluationSetting(SuiteKind kind, string name, string group, int? severity, double? parameter, ICorruption? corruption, IImageDataset? premade = null)
    {
        Premade = premade;
        Kind = kind;
        Name = name;
        Group = group;
        Severity = severity;
        Parameter = parameter;
        Corruption = corruption;
    }

    public SuiteKind Kind { get; }

    public string Name { get; }

    public string Group { get; }

    public int? Severity { get; }

    public double? Parameter { get; }

    public ICorruption? Corruption { get; }

    /// <summary>
    /// A pre-made corrupted set (CIFAR-10-C, ImageNet-C folders) whose images replace the clean
    /// dataset's at the same indices; nothing is corrupted on the fly.
    /// </summary>
    public IImageDataset? Premade { get; }

    public string Label => Severity is { } s ? $"{Name} s{s}" : Name;

    public static EvaluationSetting Clean { get; } = new(SuiteKind.Clean, "clean", "clean", null, null, null);

    public static EvaluationSetting ForCorruption(ICorruption corruption, int severity)
    {
        ArgumentNullException.ThrowIfNull(corruption);
        ArgumentOutOfRangeException.ThrowIfLessThan(severity, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(severity, 5);
        if (corruption is NoiseFamily family)
        {
            return ForNoise(family, severity, family.Parameters[severity - 1]);
        }

        return new EvaluationSetting(SuiteKind.Corruption, corruption.Name, corruption.Group.ToString().ToLowerInvariant(), severity, null, corruption);
    }

    /// <summary>Corruption <paramref name="name"/> at <paramref name="severity"/> read from a pre-made set.</summary>
    public static EvaluationSetting FromPremade(string name, string group, int severity, IImageDataset premade) =>
        new(SuiteKind.Corruption, name, group, severity, null, null, premade);

    /// <summary>A noise family at one of its levels: severity = level number (1-based), parameter = the level's value.</summary>
    public static EvaluationSetting ForNoise(NoiseFamily family, int level, double parameter)
    {
        ArgumentNullException.ThrowIfNull(family);
        return new EvaluationSetting(SuiteKind.Noise, family.Name, "noise", level, parameter, family);
    }

    /// <summary>The image this setting shows the model for dataset sample <paramref name="sampleIndex"/>.</summary>
    public Image Apply(Image image, int sampleIndex, ulong baseSeed)
    {
        if (Corruption is null)
        {
            return image;
        }

        var severity = Severity ?? 1;
        var rng = new NumpyRandom(CorruptionSeeds.For(baseSeed, sampleIndex, Name, severity));
        return Corruption.Apply(image, severity, rng);
    }

    public SettingResult ToResult(CorrectnessBits bits) => new(Kind, Name, Group, Severity, Parameter, bits);
}
