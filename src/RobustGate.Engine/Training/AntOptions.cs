namespace RobustGate.Engine.Training;

/// <summary>
/// ANT settings (spec §1.3-1.4). Defaults are the GoN reference except where the spec says to
/// scale for other image sizes: ε defaults to 0.348·√(C·H·W) — the reference's 135 on
/// 3×224×224 at constant per-element RMS (spec §1.2) — and, for small images (longer side at
/// most 64 px, <see cref="SmallImageNoise"/>), that RMS is further scaled by 0.10/0.38 to
/// 0.0916, keeping ε's place relative to the benchmark's own strongest Gaussian noise at that
/// size (ε ≈ 2.56 for 1×28×28, ≈ 5.07 for 3×32×32). The per-epoch generator re-training runs
/// <see cref="RetrainSteps"/> = 100 batches instead of the reference's 1000, to fit CPU runs.
/// </summary>
public sealed record AntOptions
{
    /// <summary>Per-element RMS of the reference ε: 135/√150528.</summary>
    public const double EpsilonPerElementRms = 0.348;

    public NoiseGeneratorKind Kind { get; init; } = NoiseGeneratorKind.OneByOne;

    /// <summary>L2 size of the noise in [0,1] units; null = <see cref="EpsilonFor"/>'s size-dependent default.</summary>
    public double? Epsilon { get; init; }

    /// <summary>Share of each batch left clean (p_clean).</summary>
    public double CleanFraction { get; init; } = 0.5;

    /// <summary>Share with noise from the current generator from epoch 1 on (p_current); epoch 0 uses 1 − p_clean.</summary>
    public double CurrentFraction { get; init; } = 0.3;

    /// <summary>Width of each replay slice (p_history), each from one earlier generator.</summary>
    public double HistoryFraction { get; init; } = 0.1;

    /// <summary>ANT+SIN: share of each batch, at its end, overwritten with stylized images (the reference's 15 of 70).</summary>
    public double StylizedFraction { get; init; } = 15.0 / 70.0;

    /// <summary>Adam learning rate of the joint generator steps.</summary>
    public double GeneratorLearningRate { get; init; } = 1e-4;

    /// <summary>Adam learning rate of the per-epoch fresh generator.</summary>
    public double RetrainLearningRate { get; init; } = 5e-4;

    /// <summary>Batches of the per-epoch re-training of a fresh generator (0 skips it).</summary>
    public int RetrainSteps { get; init; } = 100;

    /// <summary>Generators kept for replay (the most recent ones); the reference keeps all.</summary>
    public int HistorySize { get; init; } = 1000;

    /// <summary>The ε used on C×H×W images: <see cref="Epsilon"/>, or 0.348·√(C·H·W), scaled by 0.10/0.38 for small images.</summary>
    public double EpsilonFor(int channels, int height, int width) =>
        Epsilon ?? (SmallImageNoise.Strength(EpsilonPerElementRms, height, width) * Math.Sqrt((double)channels * height * width));

    public void Validate()
    {
        static bool Fraction(double f) => f >= 0 && f <= 1;
        if (!Fraction(CleanFraction) || !Fraction(CurrentFraction) || !Fraction(HistoryFraction) || CurrentFraction > 1 - CleanFraction + 1e-9)
        {
            throw new ConfigurationException($"--p-clean/--p-current/--p-history: expected fractions in [0,1] with p_current <= 1 - p_clean, got {CleanFraction}, {CurrentFraction}, {HistoryFraction}.");
        }

        if (!Fraction(StylizedFraction))
        {
            throw new ConfigurationException($"--sin-fraction: expected a fraction in [0,1], got {StylizedFraction}.");
        }

        if (Epsilon is { } e && (!(e >= 0) || !double.IsFinite(e)))
        {
            throw new ConfigurationException($"--epsilon: expected a non-negative number, got {e}.");
        }

        if (!(GeneratorLearningRate > 0) || !(RetrainLearningRate > 0))
        {
            throw new ConfigurationException("--ng-lr and --ng-retrain-lr must be positive.");
        }

        if (RetrainSteps < 0 || HistorySize < 1)
        {
            throw new ConfigurationException($"--ng-retrain-steps must be >= 0 and --ng-history >= 1, got {RetrainSteps} and {HistorySize}.");
        }
    }
}
