using RobustGate.Engine.Benchmarks;
using RobustGate.Engine.Kernels;

namespace RobustGate.Engine.Tests.Kernels;

/// <summary>Smoke tests: the benchmarks run and report positive, finite figures (speed itself is not asserted).</summary>
public class BenchmarkTests
{
    [Fact]
    public void FmaPeak_ReportsAPositiveRate()
    {
        var gflops = FmaPeak.Measure(1, iterationsPerThread: 200_000);
        Assert.True(double.IsFinite(gflops) && gflops > 0, $"{gflops}");
    }

    [Fact]
    public void GemmShapeBenchmark_ReportsAPositiveRate()
    {
        foreach (var shape in new[] { new GemmShape(Transpose.No, Transpose.No, 40, 50, 60, false), new GemmShape(Transpose.Yes, Transpose.No, 40, 50, 60, true) })
        {
            var gflops = GemmShapeBenchmark.Run(shape, threads: 1, repeats: 3);
            Assert.True(double.IsFinite(gflops) && gflops > 0, $"{shape}: {gflops}");
        }
    }

    [Fact]
    public void ConvBenchmark_TimesAllThreePasses()
    {
        var timings = ConvBenchmark.Run(new ConvGeometry(2, 3, 10, 10, 4, 3, 3, PadH: 1, PadW: 1), threads: 2, repeats: 2);
        Assert.True(timings.ForwardMs > 0 && timings.BackwardDataMs > 0 && timings.BackwardWeightMs > 0);
        Assert.Equal(2.0 * 2 * 4 * 10 * 10 * 3 * 3 * 3, timings.Flops);
        Assert.Equal(11, ConvBenchmark.ResNet18CifarLayers(64).Count);
    }
}
