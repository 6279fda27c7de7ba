namespace RobustGate.Engine.Tests.Tensors;

/// <summary>Tests that observe the process-wide buffer pool run alone.</summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class TensorPoolCollection
{
    public const string Name = "Tensor buffer pool";
}
