namespace RobustGate.Engine.Nn;

/// <summary>
/// Element type of a state-dict entry. Parameters and running statistics are float32;
/// torchvision's <c>num_batches_tracked</c> counters are int64 and must survive a load/save
/// round trip as int64 so a PyTorch-exported file stays loadable by PyTorch.
/// </summary>
public enum StateDType
{
    Float32,
    Int64,
}
