namespace RobustGate.Engine.Benchmarks;

/// <summary>
/// Time one kind of autograd op (conv2d, batch_norm, relu, ...) takes in one training step: summed
/// over every node of that kind in the step's graph, each node's median over the profile's repeats.
/// </summary>
/// <param name="ForwardMs">Forward milliseconds, or NaN for kinds the profiler cannot replay on their own (their time is in the "other" forward row).</param>
/// <param name="Flops">Floating-point operations of the kind's forward pass (convolutions and linear layers; 0 for the rest).</param>
public sealed record OpKindTiming(string Kind, int Nodes, double ForwardMs, double BackwardMs, double Flops);
