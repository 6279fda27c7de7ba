using RobustGate.Engine.Functional;
using RobustGate.Engine.Models;
using RobustGate.Engine.Nn;
using RobustGate.Engine.Tensors;

namespace RobustGate.Engine.Tests.Models;

/// <summary>
/// The model blocks' fused conv → batch-norm (→ relu): in eval mode the same bits as the modules run one after
/// another (forward and input gradient); in training mode the very same computation, running statistics included.
/// </summary>
public sealed class ConvBatchNormModelTests
{
    [Fact]
    public void Eval_basic_block_matches_its_unfused_forward_and_input_gradient()
    {
        using var scope = new TensorScope();
        var gen = new Generator(11);
        var block = new BasicBlock(8, 16, 2, gen);
        Randomise(block, gen);
        block.Eval();
        var input = Tensor.Randn(gen, 3, 8, 10, 10);

        var xf = input.Clone().RequiresGrad_();
        var fused = block.Forward(xf);
        var xu = input.Clone().RequiresGrad_();
        var unfused = UnfusedBasicBlock(block, xu);
        Assert.Equal(unfused.ToArray(), fused.ToArray());

        var r = Tensor.Randn(new Generator(2), fused.Shape);
        (fused * r).Sum().Backward();
        (unfused * r).Sum().Backward();
        Assert.Equal(xu.Grad!.ToArray(), xf.Grad!.ToArray());
    }

    [Fact]
    public void Eval_small_cnn_matches_its_layers_run_one_by_one()
    {
        using var scope = new TensorScope();
        var gen = new Generator(12);
        var model = new SmallCnn(10, gen, 1, 12, 12);
        Randomise(model, gen);
        model.Eval();
        var input = Tensor.Randn(gen, 4, 1, 12, 12);
        Assert.Equal(model.Classifier.Forward(model.Features.Forward(input)).ToArray(), model.Forward(input).ToArray());
    }

    [Fact]
    public void Training_mode_runs_the_modules_unchanged()
    {
        using var scope = new TensorScope();
        var gen = new Generator(13);
        var convA = new Conv2d(3, 6, 3, new Generator(1), padding: 1, bias: false);
        var normA = new BatchNorm2d(6);
        var convB = new Conv2d(3, 6, 3, new Generator(1), padding: 1, bias: false);
        var normB = new BatchNorm2d(6);
        var input = Tensor.Randn(gen, 4, 3, 7, 7);
        var xa = input.Clone().RequiresGrad_();
        var xb = input.Clone().RequiresGrad_();

        var fusedPath = ConvBatchNorm.Forward(convA, normA, xa, relu: true);
        var modules = F.Relu(normB.Forward(convB.Forward(xb)));
        Assert.Equal(modules.ToArray(), fusedPath.ToArray());
        Assert.Equal(normB.RunningMean.ToArray(), normA.RunningMean.ToArray());
        Assert.Equal(normB.RunningVar.ToArray(), normA.RunningVar.ToArray());
        Assert.Equal(normB.NumBatchesTracked.Value, normA.NumBatchesTracked.Value);

        var r = Tensor.Randn(new Generator(4), fusedPath.Shape);
        (fusedPath * r).Sum().Backward();
        (modules * r).Sum().Backward();
        Assert.Equal(xb.Grad!.ToArray(), xa.Grad!.ToArray());
        Assert.Equal(convB.Weight.Grad!.ToArray(), convA.Weight.Grad!.ToArray());
        Assert.Equal(normB.Weight.Grad!.ToArray(), normA.Weight.Grad!.ToArray());
    }

    private static Tensor UnfusedBasicBlock(BasicBlock block, Tensor input)
    {
        var output = F.Relu(block.Bn1.Forward(block.Conv1.Forward(input)));
        output = block.Bn2.Forward(block.Conv2.Forward(output));
        return F.Relu(output + block.Downsample!.Forward(input));
    }

    /// <summary>Non-trivial running statistics and affine parameters, so every fused coefficient matters.</summary>
    private static void Randomise(Module model, Generator gen)
    {
        foreach (var (_, module) in model.NamedModules())
        {
            if (module is BatchNorm2d norm)
            {
                norm.RunningMean.CopyFrom(Tensor.Randn(gen, norm.NumFeatures) * 0.2f);
                norm.RunningVar.CopyFrom(Tensor.Uniform(gen, 0.5f, 2f, norm.NumFeatures));
                norm.Weight.Detach().CopyFrom(Tensor.Uniform(gen, 0.5f, 1.5f, norm.NumFeatures));
                norm.Bias.Detach().CopyFrom(Tensor.Randn(gen, norm.NumFeatures) * 0.2f);
            }
        }
    }
}
