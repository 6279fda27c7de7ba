using RobustGate.Engine.Functional;
using RobustGate.Engine.Kernels;
using RobustGate.Engine.Tensors;
using RobustGate.Engine.Tests.Autograd;

namespace RobustGate.Engine.Tests.Functional;

/// <summary>
/// F.Conv2dBatchNormEval against the unfused conv2d → batch_norm(eval) → relu: the same bits forward and
/// backward on every convolution path (Winograd, batched staging, one image per block, 1x1 direct, groups,
/// with and without bias), finite differences, and thread-count independence.
/// </summary>
public sealed class ConvBatchNormFusionTests
{
    public static TheoryData<int, int, int, int, int, int, int, bool, bool> Shapes => new()
    {
        // batch, in, out, size, kernel, stride, groups, conv bias, relu
        { 3, 4, 8, 16, 3, 1, 1, false, true },   // Winograd F(2x2,3x3): epilogue in one pass after it
        { 2, 3, 4, 18, 3, 1, 1, true, false },   // Winograd with a conv bias, no relu
        { 2, 3, 5, 7, 3, 2, 1, true, true },     // im2col, strided, bias, staging copy-out
        { 2, 3, 6, 36, 3, 2, 1, false, true },   // 18x18 outputs: staging with images batched
        { 2, 2, 4, 34, 5, 1, 1, true, true },    // 30x30 = 900 pixels: two images per block, bias in the copy-out
        { 2, 2, 4, 40, 5, 1, 1, false, true },   // 36x36 = 1296 pixels: one image per block, in-place epilogue
        { 2, 8, 6, 40, 1, 1, 1, false, false },  // 1x1 direct GEMM on the input, no relu
        { 4, 4, 6, 5, 3, 1, 2, true, false },    // groups (im2col path: Winograd needs groups = 1)
        { 2, 6, 4, 9, 1, 2, 1, false, true },    // strided 1x1 (a downsample)
    };

    [Theory]
    [MemberData(nameof(Shapes))]
    public void Forward_and_every_gradient_are_bit_identical_to_the_unfused_ops(int batch, int inC, int outC, int size, int kernel, int stride, int groups, bool convBias, bool relu)
    {
        var fused = Run(batch, inC, outC, size, kernel, stride, groups, convBias, relu, fuse: true);
        var unfused = Run(batch, inC, outC, size, kernel, stride, groups, convBias, relu, fuse: false);
        Assert.Equal(unfused.Length, fused.Length);
        for (var i = 0; i < fused.Length; i++)
        {
            Assert.Equal(unfused[i], fused[i]);
        }
    }

    [Fact]
    public void Input_only_gradient_matches_the_unfused_ops()
    {
        // The attack case: parameters require grad but only d loss / d input is asked for.
        var gen = new Generator(5);
        using var scope = new TensorScope();
        var (x, w, b, rm, rv, gamma, beta) = Operands(gen, 2, 4, 8, 8, 3, 1, false);
        var xf = x.Clone().RequiresGrad_();
        var xu = x.Clone().RequiresGrad_();
        var yf = F.Conv2dBatchNormEval(xf, w, b, 1, 1, 1, 1, rm, rv, gamma, beta, 1e-5f, relu: true);
        var yu = F.Relu(F.BatchNorm(F.Conv2d(xu, w, b, 1, 1, 1, 1), rm, rv, gamma, beta, false, 0.1f, 1e-5f));
        var weights = Tensor.Randn(new Generator(8), yf.Shape);
        var gf = global::RobustGate.Engine.Autograd.Gradients.Compute((yf * weights).Sum(), xf);
        var gu = global::RobustGate.Engine.Autograd.Gradients.Compute((yu * weights).Sum(), xu);
        Assert.Equal(gu.ToArray(), gf.ToArray());
        Assert.Null(w.Grad);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void Gradients_match_finite_differences(bool relu)
    {
        var gen = new Generator(21);
        using var scope = new TensorScope();
        var x = Tensor.Randn(gen, 2, 3, 6, 6);
        var w = (Tensor.Randn(gen, 4, 3, 3, 3) * 0.1f).Detach();
        var b = (Tensor.Randn(gen, 4) * 0.1f).Detach();
        var rm = (Tensor.Randn(gen, 4) * 0.1f).Detach();
        var rv = Tensor.Uniform(gen, 0.5f, 1.5f, 4);
        var gamma = Tensor.Uniform(gen, 0.5f, 1.5f, 4);

        // With relu the pre-activations must stay farther than the step's effect from the kink at 0: a
        // shift of ±4 puts channels 0, 2 well above and 1, 3 well below it (|conv| stays below ~2 here).
        var beta = relu ? Tensor.FromArray([4f, -4f, 4f, -4f], 4) : (Tensor.Randn(gen, 4) * 0.1f).Detach();
        GradientCheck.Check(
            relu ? "conv_bn_relu" : "conv_bn",
            t => F.Conv2dBatchNormEval(t[0], t[1], t[2], 1, 1, 1, 1, rm, rv, t[3], t[4], 1e-5f, relu),
            [x, w, b, gamma, beta]);
    }

    [Fact]
    public void Results_are_bit_identical_for_one_and_two_threads()
    {
        var saved = EngineThreads.Count;
        try
        {
            EngineThreads.Count = 1;
            var single = Run(8, 16, 32, 16, 3, 1, 1, false, true, fuse: true);
            var singleStrided = Run(8, 16, 32, 16, 3, 2, 1, true, true, fuse: true);
            EngineThreads.Count = 2;
            var multi = Run(8, 16, 32, 16, 3, 1, 1, false, true, fuse: true);
            var multiStrided = Run(8, 16, 32, 16, 3, 2, 1, true, true, fuse: true);
            Assert.Equal(single, multi);
            Assert.Equal(singleStrided, multiStrided);
        }
        finally
        {
            EngineThreads.Count = saved;
        }
    }

    private static (Tensor X, Tensor W, Tensor? B, Tensor Rm, Tensor Rv, Tensor Gamma, Tensor Beta) Operands(Generator gen, int batch, int inC, int outC, int size, int kernel, int groups, bool convBias)
    {
        var x = Tensor.Randn(gen, batch, inC, size, size);
        var w = (Tensor.Randn(gen, outC, inC / groups, kernel, kernel) * 0.3f).Detach().RequiresGrad_();
        var b = convBias ? (Tensor.Randn(gen, outC) * 0.2f).Detach().RequiresGrad_() : null;
        var rm = (Tensor.Randn(gen, outC) * 0.3f).Detach();
        var rv = Tensor.Uniform(gen, 0.3f, 2f, outC);
        var gamma = Tensor.Uniform(gen, -1.5f, 1.5f, outC).RequiresGrad_();
        var beta = (Tensor.Randn(gen, outC) * 0.5f).Detach().RequiresGrad_();
        return (x, w, b, rm, rv, gamma, beta);
    }

    /// <summary>Output and the gradients of input, weight, (bias), γ, β for L = sum(r * y), fused or not.</summary>
    private static float[][] Run(int batch, int inC, int outC, int size, int kernel, int stride, int groups, bool convBias, bool relu, bool fuse)
    {
        var gen = new Generator(77);
        using var scope = new TensorScope();
        var (x, w, b, rm, rv, gamma, beta) = Operands(gen, batch, inC, outC, size, kernel, groups, convBias);
        x.RequiresGrad_();
        var padding = kernel / 2;
        Tensor y;
        if (fuse)
        {
            y = F.Conv2dBatchNormEval(x, w, b, stride, padding, 1, groups, rm, rv, gamma, beta, 1e-5f, relu);
        }
        else
        {
            y = F.BatchNorm(F.Conv2d(x, w, b, stride, padding, 1, groups), rm, rv, gamma, beta, false, 0.1f, 1e-5f);
            y = relu ? F.Relu(y) : y;
        }

        var r = Tensor.Randn(new Generator(3), y.Shape);
        (y * r).Sum().Backward();
        float[][] results = [y.ToArray(), x.Grad!.ToArray(), w.Grad!.ToArray(), gamma.Grad!.ToArray(), beta.Grad!.ToArray()];
        return b is null ? results : [.. results, b.Grad!.ToArray()];
    }
}
