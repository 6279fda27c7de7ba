namespace RobustGate.Engine.Attacks;

/// <summary>The norm that bounds a perturbation, measured per sample over all C·H·W elements in [0, 1] pixel units.</summary>
public enum AttackNorm
{
    /// <summary>Largest absolute change of any element.</summary>
    Linf,

    /// <summary>Euclidean length of the perturbation.</summary>
    L2,

    /// <summary>Sum of absolute changes.</summary>
    L1,
}
