namespace RobustGate.Engine.Nn;

/// <summary>
/// A scalar int64 buffer of a module, e.g. BatchNorm's <c>num_batches_tracked</c>. The engine's
/// tensors are float32 only; this keeps the counter exact and lets the state dict export it as
/// int64, as PyTorch does.
/// </summary>
public sealed class Int64Buffer
{
    public Int64Buffer(long value = 0) => Value = value;

    public long Value { get; set; }
}
