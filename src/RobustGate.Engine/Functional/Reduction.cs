namespace RobustGate.Engine.Functional;

/// <summary>How a loss combines per-element values (PyTorch's <c>reduction</c> argument).</summary>
public enum Reduction
{
    /// <summary>Per-sample values, unreduced.</summary>
    None,

    /// <summary>Mean over samples (cross_entropy) or elements (mse_loss, kl_div).</summary>
    Mean,

    Sum,

    /// <summary>kl_div only: sum divided by the batch size.</summary>
    BatchMean,
}
