namespace RobustGate.Engine.Attacks;

/// <summary>
/// Settings of one attack. Null fields take the attack's defaults (spec section 2.9, see
/// <see cref="AttackRegistry"/>). All sizes are in [0, 1] pixel units.
/// </summary>
public sealed record AttackParameters
{
    /// <summary>Perturbation budget in the attack's norm.</summary>
    public double Eps { get; init; }

    /// <summary>Step size; null: the attack's default relative to eps.</summary>
    public double? Alpha { get; init; }

    /// <summary>Iterations (gradient attacks) or queries (Square); null: the attack's default.</summary>
    public int? Steps { get; init; }

    /// <summary>Random restarts; each restart attacks only the samples not yet fooled.</summary>
    public int? Restarts { get; init; }

    /// <summary>
    /// Freeze a sample at its first misclassified iterate and skip samples misclassified clean
    /// (true, the default). False runs every sample for every step and returns the last iterate,
    /// as the PyTorch examples and torchattacks do.
    /// </summary>
    public bool StopOnSuccess { get; init; } = true;

    /// <summary>Random start for PGD (true by default) and MI-FGSM (false by default).</summary>
    public bool? RandomStart { get; init; }

    /// <summary>MI-FGSM momentum decay μ.</summary>
    public double Decay { get; init; } = 1.0;

    /// <summary>APGD-T: number of target classes (capped at classes − 1).</summary>
    public int TargetClasses { get; init; } = 9;

    /// <summary>APGD: fraction of loss increases below which the step size is halved at a checkpoint.</summary>
    public double Rho { get; init; } = 0.75;

    /// <summary>Square: initial fraction of pixels changed by a square.</summary>
    public double SquareFraction { get; init; } = 0.8;

    /// <summary>AutoAttack: Square's query budget.</summary>
    public int SquareQueries { get; init; } = 5000;

    /// <summary>PGD-L1: fraction of coordinates moved by one sparse step.</summary>
    public double L1Sparsity { get; init; } = 0.2;

    public void Validate(string attack)
    {
        if (!(Eps >= 0) || double.IsInfinity(Eps))
        {
            throw new ConfigurationException($"attack '{attack}': eps must be a finite number >= 0, got {Eps}");
        }

        if (Alpha is { } a && !(a > 0 && double.IsFinite(a)))
        {
            throw new ConfigurationException($"attack '{attack}': alpha must be a finite number > 0, got {a}");
        }

        if (Steps is < 1)
        {
            throw new ConfigurationException($"attack '{attack}': steps must be at least 1, got {Steps}");
        }

        if (Restarts is < 1)
        {
            throw new ConfigurationException($"attack '{attack}': restarts must be at least 1, got {Restarts}");
        }

        if (TargetClasses < 1 || SquareQueries < 1 || !(SquareFraction is > 0 and <= 1) || !(L1Sparsity is > 0 and <= 1) || !(Rho is > 0 and <= 1))
        {
            throw new ConfigurationException($"attack '{attack}': target classes and Square queries must be >= 1, Square fraction, L1 sparsity and rho in (0, 1]");
        }
    }
}
