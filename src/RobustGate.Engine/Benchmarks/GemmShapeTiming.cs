using RobustGate.Engine.Kernels;

namespace RobustGate.Engine.Benchmarks;

/// <summary>One GEMM shape of a profiled step: how often the step issues it and its speed when timed alone.</summary>
/// <param name="CallsPerStep">Calls of this shape in one training step.</param>
/// <param name="GigaflopsAlone">Median GFLOP/s of the shape timed on its own at the profile's thread count.</param>
public sealed record GemmShapeTiming(GemmShape Shape, int CallsPerStep, double GigaflopsAlone);
