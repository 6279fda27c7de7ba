using System.Globalization;

namespace RobustGate.Engine.Training.AugMix;

/// <summary>
/// AugMix settings (spec §3.2–3.3). Severity 3 is the CIFAR recipe's and the numpy reference's
/// default; it is also the one for Fashion-MNIST-size images, because the operations scale their
/// geometric parameters with the image side (translation is a fraction of it) or not at all
/// (angles, shear), so a 28-px image sees the same relative distortion as a 32-px one. The
/// ImageNet recipe uses severity 1.
/// </summary>
public sealed record AugMixOptions
{
    /// <summary>Upper end of the operation level ℓ ~ U(0.1, severity), 1..10.</summary>
    public int Severity { get; init; } = 3;

    /// <summary>Chains mixed per image (k).</summary>
    public int Width { get; init; } = 3;

    /// <summary>Operations per chain; −1 draws it uniformly from {1, 2, 3} per chain.</summary>
    public int Depth { get; init; } = -1;

    /// <summary>Dirichlet and Beta concentration ("aug-prob-coeff").</summary>
    public double Alpha { get; init; } = 1.0;

    /// <summary>Adds color, contrast, brightness and sharpness, which overlap ImageNet-C.</summary>
    public bool AllOperations { get; init; }

    /// <summary>Trains on (clean, augmix, augmix) triples with the Jensen–Shannon consistency loss; false: one AugMix image per sample, cross-entropy only.</summary>
    public bool Jsd { get; init; } = true;

    /// <summary>Weight λ of the consistency term.</summary>
    public double JsdLambda { get; init; } = 12.0;

    /// <summary>Throws a <see cref="ConfigurationException"/> naming the first option out of range.</summary>
    public void Validate()
    {
        if (Severity is < 1 or > 10)
        {
            throw new ConfigurationException(Invariant($"--augmix-severity: expected an integer from 1 to 10, got {Severity}."));
        }

        if (Width < 1)
        {
            throw new ConfigurationException(Invariant($"--augmix-width: expected at least 1 chain, got {Width}."));
        }

        if (Depth == 0 || Depth < -1)
        {
            throw new ConfigurationException(Invariant($"--augmix-depth: expected -1 (random 1..3) or a positive depth, got {Depth}."));
        }

        if (!(Alpha >= 1e-3) || !double.IsFinite(Alpha))
        {
            throw new ConfigurationException(Invariant($"--augmix-alpha: expected a finite number of at least 0.001, got {Alpha}."));
        }

        if (!(JsdLambda >= 0) || !double.IsFinite(JsdLambda))
        {
            throw new ConfigurationException(Invariant($"--jsd-lambda: expected a finite non-negative number, got {JsdLambda}."));
        }
    }

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
