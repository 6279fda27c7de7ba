namespace RobustGate.Engine.Functional;

/// <summary>
/// Neural-network functions with PyTorch's names and semantics (torch.nn.functional): each op
/// computes its forward result and, when an input requires grad and grad mode is on, records its
/// backward. Split by concept over partial files (convolution, linear, normalization, pooling,
/// activations, losses, ...).
/// </summary>
public static partial class F
{
}
