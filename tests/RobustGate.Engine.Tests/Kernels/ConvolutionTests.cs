using RobustGate.Engine.Kernels;

namespace RobustGate.Engine.Tests.Kernels;

public class ConvolutionTests
{
    public static TheoryData<string> Geometries => new(Cases.Keys);

    private static Dictionary<string, ConvGeometry> Cases { get; } = new()
    {
        ["3x3 pad 1"] = new(2, 3, 8, 8, 4, 3, 3, PadH: 1, PadW: 1),
        ["3x3 stride 2"] = new(2, 4, 9, 7, 6, 3, 3, StrideH: 2, StrideW: 2, PadH: 1, PadW: 1),
        ["3x3 dilation 2"] = new(1, 3, 10, 10, 5, 3, 3, PadH: 2, PadW: 2, DilationH: 2, DilationW: 2),
        ["groups 2"] = new(2, 4, 6, 6, 6, 3, 3, PadH: 1, PadW: 1, Groups: 2),
        ["depthwise"] = new(2, 8, 7, 7, 8, 3, 3, PadH: 1, PadW: 1, Groups: 8),
        ["depthwise multiplier 2 stride 2"] = new(1, 4, 9, 9, 8, 3, 3, StrideH: 2, StrideW: 2, PadH: 1, PadW: 1, Groups: 4),
        ["1x1 batched small maps"] = new(3, 16, 5, 5, 8, 1, 1),
        ["1x1 direct GEMM"] = new(2, 8, 32, 33, 4, 1, 1),
        ["1x1 stride 2"] = new(2, 8, 9, 9, 4, 1, 1, StrideH: 2, StrideW: 2),
        ["7x7 stride 2 pad 3"] = new(2, 3, 20, 20, 8, 7, 7, StrideH: 2, StrideW: 2, PadH: 3, PadW: 3),
        ["3x5 asymmetric"] = new(3, 5, 11, 13, 7, 3, 5, StrideH: 2, StrideW: 1, PadH: 0, PadW: 2),
        ["large maps, one image per block"] = new(3, 4, 34, 34, 8, 3, 3, PadH: 1, PadW: 1),
        ["partial last block"] = new(4, 3, 20, 20, 5, 3, 3, PadH: 1, PadW: 1),
        ["deep: K crosses the GEMM's KC block"] = new(2, 40, 6, 6, 36, 3, 3, PadH: 1, PadW: 1),
        ["deep grouped"] = new(3, 64, 5, 5, 32, 3, 3, PadH: 1, PadW: 1, Groups: 2),
        ["parallel 3x3"] = new(4, 16, 20, 20, 32, 3, 3, PadH: 1, PadW: 1),
        ["parallel grouped"] = new(3, 64, 12, 12, 64, 3, 3, PadH: 1, PadW: 1, Groups: 2),
        ["parallel depthwise"] = new(8, 64, 32, 32, 64, 3, 3, PadH: 1, PadW: 1, Groups: 64),
        ["parallel 1x1 direct"] = new(2, 64, 32, 32, 64, 1, 1),
        ["parallel over image blocks"] = new(6, 8, 32, 32, 16, 3, 3, PadH: 1, PadW: 1),
        ["kernel larger than padded step"] = new(2, 2, 5, 5, 3, 4, 4, StrideH: 3, StrideW: 3, PadH: 2, PadW: 2),
    };

    [Theory]
    [MemberData(nameof(Geometries))]
    public void Forward_MatchesReference(string name)
    {
        var g = Cases[name];
        var (input, weight, bias, _) = Inputs(g);
        foreach (var withBias in new[] { true, false })
        {
            var b = withBias ? bias : [];
            var expected = new float[g.OutputSize];
            Convolution.ForwardReference(g, input, weight, b, expected);
            var actual = Enumerable.Repeat(float.NaN, (int)g.OutputSize).ToArray();
            Convolution.Forward(g, input, weight, b, actual);

            // Each output sums Cin/G * R * S float32 products (|x| <= 1, |w| <= 0.5) plus the bias; see GemmTests
            // for why 1e-6 per term of the largest magnitude bounds the float32 accumulation error.
            var terms = g.InChannelsPerGroup * g.KernelH * g.KernelW;
            KernelTestData.AssertClose(expected, actual, (1e-6 * terms * 0.5) + 1e-6, $"{name} forward (bias: {withBias})");
        }
    }

    [Theory]
    [MemberData(nameof(Geometries))]
    public void BackwardData_MatchesReference(string name)
    {
        var g = Cases[name];
        var (_, weight, _, gradOutput) = Inputs(g);
        var expected = new float[g.InputSize];
        Convolution.BackwardDataReference(g, gradOutput, weight, expected);
        var actual = Enumerable.Repeat(float.NaN, (int)g.InputSize).ToArray();
        Convolution.BackwardData(g, gradOutput, weight, actual);

        // An input gradient sums at most Cout/G * R * S products (|grad| <= 1, |w| <= 0.5).
        var terms = g.OutChannelsPerGroup * g.KernelH * g.KernelW;
        KernelTestData.AssertClose(expected, actual, (1e-6 * terms * 0.5) + 1e-7, $"{name} backward data");
    }

    [Theory]
    [MemberData(nameof(Geometries))]
    public void BackwardWeight_MatchesReference(string name)
    {
        var g = Cases[name];
        var (input, _, _, gradOutput) = Inputs(g);
        var expected = new float[g.WeightSize];
        var expectedBias = new float[g.OutChannels];
        Convolution.BackwardWeightReference(g, input, gradOutput, expected, expectedBias);
        var actual = Enumerable.Repeat(float.NaN, (int)g.WeightSize).ToArray();
        var actualBias = Enumerable.Repeat(float.NaN, g.OutChannels).ToArray();
        Convolution.BackwardWeight(g, input, gradOutput, actual, actualBias);

        // A weight gradient sums N * OH * OW products of values in [-1, 1].
        var terms = g.Batch * g.OutH * g.OutW;
        KernelTestData.AssertClose(expected, actual, (1e-6 * terms) + 1e-7, $"{name} backward weight");
        KernelTestData.AssertClose(expectedBias, actualBias, (1e-6 * terms) + 1e-7, $"{name} backward bias");

        var withoutBias = new float[g.WeightSize];
        Convolution.BackwardWeight(g, input, gradOutput, withoutBias, []);
        KernelTestData.AssertBitIdentical(actual, withoutBias, $"{name} backward weight without bias");
    }

    // These geometries are above the parallel threshold (smaller ones run on one thread whatever is asked).
    [Theory]
    [InlineData("parallel 3x3")]
    [InlineData("parallel grouped")]
    [InlineData("parallel depthwise")]
    [InlineData("parallel 1x1 direct")]
    [InlineData("parallel over image blocks")]
    public void AllPasses_AreBitIdenticalAcrossThreadCounts(string name)
    {
        var g = Cases[name];
        var (input, weight, bias, gradOutput) = Inputs(g);
        float[][] Run(int threads)
        {
            var output = new float[g.OutputSize];
            var gradInput = new float[g.InputSize];
            var gradWeight = new float[g.WeightSize];
            var gradBias = new float[g.OutChannels];
            Convolution.Forward(g, input, weight, bias, output, threads);
            Convolution.BackwardData(g, gradOutput, weight, gradInput, threads);
            Convolution.BackwardWeight(g, input, gradOutput, gradWeight, gradBias, threads);
            return [output, gradInput, gradWeight, gradBias];
        }

        var one = Run(1);
        foreach (var threads in new[] { 2, 3 })
        {
            var other = Run(threads);
            for (var i = 0; i < one.Length; i++)
            {
                KernelTestData.AssertBitIdentical(one[i], other[i], $"{name} result {i}, {threads} threads vs 1");
            }
        }
    }

    [Fact]
    public void Forward_PublicEntryPoint_IsBitIdenticalForEngineThreadCounts()
    {
        var g = Cases["parallel 3x3"];
        var (input, weight, bias, _) = Inputs(g);
        var saved = EngineThreads.Count;
        try
        {
            EngineThreads.Count = 1;
            var one = new float[g.OutputSize];
            Convolution.Forward(g, input, weight, bias, one);
            EngineThreads.Count = 2;
            var two = new float[g.OutputSize];
            Convolution.Forward(g, input, weight, bias, two);
            KernelTestData.AssertBitIdentical(one, two, "EngineThreads 2 vs 1");
        }
        finally
        {
            EngineThreads.Count = saved;
        }
    }

    [Fact]
    public void BackwardWeight_AddsTheAccumulationStreamsInStreamOrder()
    {
        // Four one-image blocks (32 x 32 maps fill a block) are four accumulation streams of one block each, so
        // the gradient must be ((g0 + g1) + g2) + g3 over the single-image gradients, bit for bit, whether one
        // thread runs the streams in turn or two or three run them side by side.
        var g = new ConvGeometry(ConvolutionRunner.AccumulationStreams, 8, 32, 32, 16, 3, 3, PadH: 1, PadW: 1);
        var (input, _, _, gradOutput) = Inputs(g);
        float[] Run(ConvGeometry geometry, ReadOnlySpan<float> x, ReadOnlySpan<float> dy, int threads)
        {
            var gradWeight = new float[geometry.WeightSize];
            Convolution.BackwardWeight(geometry, x, dy, gradWeight, [], threads);
            return gradWeight;
        }

        var one = g with { Batch = 1 };
        var expected = new float[g.WeightSize];
        for (var n = 0; n < g.Batch; n++)
        {
            var single = Run(
                one,
                input.AsSpan(n * (int)one.InputSize, (int)one.InputSize),
                gradOutput.AsSpan(n * (int)one.OutputSize, (int)one.OutputSize),
                1);
            for (var i = 0; i < expected.Length; i++)
            {
                expected[i] = n == 0 ? single[i] : expected[i] + single[i];
            }
        }

        foreach (var threads in new[] { 1, 2, 3 })
        {
            KernelTestData.AssertBitIdentical(expected, Run(g, input, gradOutput, threads), $"{threads} threads");
        }
    }

    [Fact]
    public void Passes_RejectShortSpans()
    {
        var g = Cases["3x3 pad 1"];
        var (input, weight, bias, gradOutput) = Inputs(g);
        Assert.Throws<ArgumentException>(() => Convolution.Forward(g, input.AsSpan(1), weight, bias, new float[g.OutputSize]));
        Assert.Throws<ArgumentException>(() => Convolution.BackwardData(g, gradOutput, weight, new float[g.InputSize - 1]));
        Assert.Throws<ArgumentException>(() => Convolution.BackwardWeight(g, input, gradOutput, new float[g.WeightSize], new float[1]));
    }

    private static (float[] Input, float[] Weight, float[] Bias, float[] GradOutput) Inputs(ConvGeometry g)
        => (KernelTestData.Uniform((int)g.InputSize, 1),
            KernelTestData.Uniform((int)g.WeightSize, 2, 0.5f),
            KernelTestData.Uniform(g.OutChannels, 3),
            KernelTestData.Uniform((int)g.OutputSize, 4));
}
