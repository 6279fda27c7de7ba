namespace RobustGate.Engine.Attacks;

/// <summary>
/// Settings of <see cref="FoolingImageGenerator"/>. The learning rate is an L2 step length in [0, 1]
/// pixel units (spec section 4 recommends [0, 1] units; the report's rates are 5, 20 and 100).
/// </summary>
public sealed record FoolingOptions
{
    /// <summary>The learning rates of the RobustNet report.</summary>
    public static IReadOnlyList<double> ReportLearningRates { get; } = [5, 20, 100];

    public double LearningRate { get; init; } = 5;

    /// <summary>Iteration cap (CS231n's fooling-image exercise uses 100).</summary>
    public int MaxIterations { get; init; } = 100;

    /// <summary>Seed of the target draws (keyed per sample id, so batching does not matter).</summary>
    public ulong Seed { get; init; }

    public void Validate()
    {
        if (!(LearningRate > 0 && double.IsFinite(LearningRate)))
        {
            throw new ConfigurationException($"fooling images: the learning rate must be a finite number > 0, got {LearningRate}");
        }

        if (MaxIterations < 1)
        {
            throw new ConfigurationException($"fooling images: at least 1 iteration is needed, got {MaxIterations}");
        }
    }
}
