using RobustGate.Engine.Kernels;

namespace RobustGate.Engine.Benchmarks;

/// <summary>Median milliseconds of the three convolution passes for one geometry.</summary>
public readonly record struct ConvTimings(ConvGeometry Geometry, double ForwardMs, double BackwardDataMs, double BackwardWeightMs)
{
    /// <summary>Multiply-adds of one pass, times two (all three passes do the same arithmetic).</summary>
    public double Flops => 2.0 * Geometry.OutputSize * Geometry.InChannelsPerGroup * Geometry.KernelH * Geometry.KernelW;

    public double ForwardGflops => Flops / ForwardMs / 1e6;

    public double BackwardDataGflops => Flops / BackwardDataMs / 1e6;

    public double BackwardWeightGflops => Flops / BackwardWeightMs / 1e6;
}
