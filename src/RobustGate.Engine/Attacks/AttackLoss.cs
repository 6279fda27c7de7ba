namespace RobustGate.Engine.Attacks;

/// <summary>The objective an attack ascends, computed from the logits z of one sample.</summary>
public enum AttackLoss
{
    /// <summary>Cross-entropy of the true class: logsumexp(z) − z_y.</summary>
    CrossEntropy,

    /// <summary>Difference of logits ratio: −(z_y − max_{i≠y} z_i) / (z_π1 − z_π3 + 1e-12); shift and scale invariant.</summary>
    Dlr,

    /// <summary>Targeted DLR: −(z_y − z_t) / (z_π1 − ½(z_π3 + z_π4) + 1e-12).</summary>
    TargetedDlr,

    /// <summary>The target's pre-softmax score z_t (fooling images).</summary>
    TargetLogit,
}
