using System.Diagnostics;
using RobustGate.Engine.Kernels;

namespace RobustGate.Engine.Benchmarks;

/// <summary>Times the three convolution passes for one geometry.</summary>
public static class ConvBenchmark
{
    /// <summary>Median milliseconds per pass over <paramref name="repeats"/> timed runs after one warm-up run.</summary>
    public static ConvTimings Run(ConvGeometry geometry, int threads, int repeats)
    {
        geometry.Validate();
        ArgumentOutOfRangeException.ThrowIfLessThan(threads, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(repeats, 1);
        var input = GemmBenchmarkData.Uniform(geometry.InputSize, 1);
        var weight = GemmBenchmarkData.Uniform(geometry.WeightSize, 2);
        var bias = GemmBenchmarkData.Uniform(geometry.OutChannels, 3);
        var gradOutput = GemmBenchmarkData.Uniform(geometry.OutputSize, 4);
        var output = new float[geometry.OutputSize];
        var gradInput = new float[geometry.InputSize];
        var gradWeight = new float[geometry.WeightSize];
        var gradBias = new float[geometry.OutChannels];
        var forward = new double[repeats];
        var backwardData = new double[repeats];
        var backwardWeight = new double[repeats];
        for (var r = -1; r < repeats; r++)
        {
            var clock = Stopwatch.StartNew();
            Convolution.Forward(geometry, input, weight, bias, output, threads);
            var t1 = clock.Elapsed.TotalMilliseconds;
            Convolution.BackwardData(geometry, gradOutput, weight, gradInput, threads);
            var t2 = clock.Elapsed.TotalMilliseconds;
            Convolution.BackwardWeight(geometry, input, gradOutput, gradWeight, gradBias, threads);
            var t3 = clock.Elapsed.TotalMilliseconds;
            if (r >= 0)
            {
                forward[r] = t1;
                backwardData[r] = t2 - t1;
                backwardWeight[r] = t3 - t2;
            }
        }

        return new ConvTimings(geometry, GemmBenchmarkData.Median(forward), GemmBenchmarkData.Median(backwardData), GemmBenchmarkData.Median(backwardWeight));
    }

    /// <summary>
    /// The distinct convolution layers of ResNet-18 for CIFAR (3x3 stem, stride 1, no max-pool) at a batch size,
    /// with how many times each occurs in the network.
    /// </summary>
    public static IReadOnlyList<(string Name, ConvGeometry Geometry, int Count)> ResNet18CifarLayers(int batch) =>
    [
        ("conv1 3->64 32x32", new ConvGeometry(batch, 3, 32, 32, 64, 3, 3, PadH: 1, PadW: 1), 1),
        ("layer1 64->64 32x32", new ConvGeometry(batch, 64, 32, 32, 64, 3, 3, PadH: 1, PadW: 1), 4),
        ("layer2.0 64->128 s2", new ConvGeometry(batch, 64, 32, 32, 128, 3, 3, StrideH: 2, StrideW: 2, PadH: 1, PadW: 1), 1),
        ("layer2 128->128 16x16", new ConvGeometry(batch, 128, 16, 16, 128, 3, 3, PadH: 1, PadW: 1), 3),
        ("layer2 downsample 1x1 s2", new ConvGeometry(batch, 64, 32, 32, 128, 1, 1, StrideH: 2, StrideW: 2), 1),
        ("layer3.0 128->256 s2", new ConvGeometry(batch, 128, 16, 16, 256, 3, 3, StrideH: 2, StrideW: 2, PadH: 1, PadW: 1), 1),
        ("layer3 256->256 8x8", new ConvGeometry(batch, 256, 8, 8, 256, 3, 3, PadH: 1, PadW: 1), 3),
        ("layer3 downsample 1x1 s2", new ConvGeometry(batch, 128, 16, 16, 256, 1, 1, StrideH: 2, StrideW: 2), 1),
        ("layer4.0 256->512 s2", new ConvGeometry(batch, 256, 8, 8, 512, 3, 3, StrideH: 2, StrideW: 2, PadH: 1, PadW: 1), 1),
        ("layer4 512->512 4x4", new ConvGeometry(batch, 512, 4, 4, 512, 3, 3, PadH: 1, PadW: 1), 3),
        ("layer4 downsample 1x1 s2", new ConvGeometry(batch, 256, 8, 8, 512, 1, 1, StrideH: 2, StrideW: 2), 1),
    ];
}
