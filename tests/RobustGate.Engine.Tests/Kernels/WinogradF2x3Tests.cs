using RobustGate.Engine.Kernels;

namespace RobustGate.Engine.Tests.Kernels;

/// <summary>The Winograd F(2x2, 3x3) forward and input-gradient paths against the direct reference, im2col + GEMM and itself across thread counts.</summary>
public class WinogradF2x3Tests
{
    public static TheoryData<string> Geometries => new(Cases.Keys);

    // Every case has at least ConvolutionRunner.WinogradMinInputChannels input channels, so Convolution.Forward and
    // BackwardData take the Winograd path under test.
    private static Dictionary<string, ConvGeometry> Cases { get; } = new()
    {
        ["pad 1, one 16-tile vector per row"] = new(2, 16, 32, 32, 7, 3, 3, PadH: 1, PadW: 1),
        ["pad 0, odd output size"] = new(2, 16, 19, 21, 4, 3, 3),
        ["pad 2, odd output size"] = new(1, 16, 17, 19, 3, 3, 3, PadH: 2, PadW: 2),
        ["wide rows: two vectors per tile row, tiles across panels"] = new(2, 16, 9, 70, 5, 3, 3, PadH: 1, PadW: 1),
        ["several image blocks, partial last"] = new(5, 16, 16, 16, 9, 3, 3, PadH: 1, PadW: 1),
        ["blocks in parallel (2 threads), in order with parallel phases (3)"] = new(12, 16, 40, 40, 4, 3, 3, PadH: 1, PadW: 1),
        ["deep: channels cross the GEMM's KC block"] = new(2, 300, 16, 16, 40, 3, 3, PadH: 1, PadW: 1),
        ["largest supported output"] = new(1, 16, 128, 128, 3, 3, 3, PadH: 1, PadW: 1),
    };

    [Theory]
    [MemberData(nameof(Geometries))]
    public void Forward_MatchesReference_WithAndWithoutBias(string name)
    {
        var g = Cases[name];
        Assert.True(WinogradF2x3.Applies(g) && g.InChannels >= ConvolutionRunner.WinogradMinInputChannels, name);
        var (input, weight, bias) = Inputs(g);
        foreach (var withBias in new[] { true, false })
        {
            var b = withBias ? bias : [];
            var expected = new float[g.OutputSize];
            Convolution.ForwardReference(g, input, weight, b, expected);
            var actual = Enumerable.Repeat(float.NaN, (int)g.OutputSize).ToArray();
            Convolution.Forward(g, input, weight, b, actual, 2);

            // The same bound as ConvolutionTests: 1e-6 per term of the largest magnitude (|x| <= 1, |w| <= 0.5).
            // The transforms only add, subtract and halve, so F(2x2, 3x3) stays inside it.
            var terms = g.InChannels * 9;
            KernelTestData.AssertClose(expected, actual, (1e-6 * terms * 0.5) + 1e-6, $"{name} (bias: {withBias})");
        }
    }

    [Theory]
    [MemberData(nameof(Geometries))]
    public void Forward_IsBitIdenticalAcrossThreadCounts(string name)
    {
        var g = Cases[name];
        var (input, weight, bias) = Inputs(g);
        var one = new float[g.OutputSize];
        Convolution.Forward(g, input, weight, bias, one, 1);
        foreach (var threads in new[] { 2, 3 })
        {
            var other = new float[g.OutputSize];
            Convolution.Forward(g, input, weight, bias, other, threads);
            KernelTestData.AssertBitIdentical(one, other, $"{name}, {threads} threads vs 1");
        }
    }

    [Theory]
    [MemberData(nameof(Geometries))]
    public void BackwardData_MatchesReference_AndIsBitIdenticalAcrossThreadCounts(string name)
    {
        var g = Cases[name];
        Assert.True(WinogradF2x3.AppliesToBackwardData(g) && g.InChannels >= ConvolutionRunner.WinogradMinInputChannels, name);
        var (_, weight, _) = Inputs(g);
        var gradOutput = KernelTestData.Uniform((int)g.OutputSize, 14);
        var expected = new float[g.InputSize];
        Convolution.BackwardDataReference(g, gradOutput, weight, expected);
        var one = Enumerable.Repeat(float.NaN, (int)g.InputSize).ToArray();
        Convolution.BackwardData(g, gradOutput, weight, one, 1);

        // The ConvolutionTests bound: 1e-6 per term of the largest magnitude (|grad| <= 1, |w| <= 0.5).
        var terms = g.OutChannels * 9;
        KernelTestData.AssertClose(expected, one, (1e-6 * terms * 0.5) + 1e-7, $"{name} backward data");
        foreach (var threads in new[] { 2, 3 })
        {
            var other = new float[g.InputSize];
            Convolution.BackwardData(g, gradOutput, weight, other, threads);
            KernelTestData.AssertBitIdentical(one, other, $"{name} backward data, {threads} threads vs 1");
        }
    }

    [Fact]
    public unsafe void Forward_AgreesWithIm2ColGemm()
    {
        var g = Cases["several image blocks, partial last"];
        var (input, weight, bias) = Inputs(g);
        var winograd = new float[g.OutputSize];
        var im2col = new float[g.OutputSize];
        fixed (float* pi = input)
        fixed (float* pw = weight)
        fixed (float* pb = bias)
        fixed (float* pwin = winograd)
        fixed (float* po = im2col)
        {
            WinogradF2x3.Forward(g, pi, pw, pb, true, pwin, 2);
            new ConvolutionRunner(g, 2, allowWinograd: false).Forward(pi, pw, pb, true, po);
        }

        // Both within 1e-6 per term of the exact sum (see above), so within twice that of each other.
        KernelTestData.AssertClose(im2col, winograd, 2 * ((1e-6 * g.InChannels * 9 * 0.5) + 1e-6), "Winograd vs im2col");
        Assert.NotEqual(im2col, winograd);
    }

    [Fact]
    public void Applies_OnlyTo3x3Stride1UngroupedWideOutputs()
    {
        Assert.True(WinogradF2x3.Applies(new ConvGeometry(1, 4, 16, 16, 4, 3, 3, PadH: 1, PadW: 1)));
        Assert.False(WinogradF2x3.Applies(new ConvGeometry(1, 4, 8, 8, 4, 3, 3, PadH: 1, PadW: 1)));
        Assert.False(WinogradF2x3.Applies(new ConvGeometry(1, 4, 32, 32, 4, 3, 3, StrideH: 2, StrideW: 2, PadH: 1, PadW: 1)));
        Assert.False(WinogradF2x3.Applies(new ConvGeometry(1, 4, 32, 32, 4, 3, 3, PadH: 2, PadW: 2, DilationH: 2, DilationW: 2)));
        Assert.False(WinogradF2x3.Applies(new ConvGeometry(1, 4, 32, 32, 4, 3, 3, PadH: 1, PadW: 1, Groups: 2)));
        Assert.False(WinogradF2x3.Applies(new ConvGeometry(1, 4, 32, 32, 4, 5, 5, PadH: 2, PadW: 2)));
        Assert.False(WinogradF2x3.Applies(new ConvGeometry(1, 1, 200, 200, 1, 3, 3, PadH: 1, PadW: 1)));
    }

    private static (float[] Input, float[] Weight, float[] Bias) Inputs(in ConvGeometry g) =>
        (KernelTestData.Uniform((int)g.InputSize, 11), KernelTestData.Uniform((int)g.WeightSize, 12, 0.5f), KernelTestData.Uniform(g.OutChannels, 13, 0.5f));
}
