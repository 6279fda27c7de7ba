using RobustGate.Engine.Functional;
using RobustGate.Engine.Kernels;
using RobustGate.Engine.Tensors;

namespace RobustGate.Engine.Tests.Functional;

/// <summary>The same forward and backward pass gives bit-identical results for 1 and several threads.</summary>
public class ThreadCountDeterminismTests
{
    [Fact]
    public void Conv_batchnorm_pool_step_is_bitwise_identical_across_thread_counts()
    {
        var saved = EngineThreads.Count;
        try
        {
            EngineThreads.Count = 1;
            var single = RunStep();
            EngineThreads.Count = 3;
            var multi = RunStep();
            Assert.Equal(single.Length, multi.Length);
            for (var i = 0; i < single.Length; i++)
            {
                Assert.Equal(single[i], multi[i]);
            }
        }
        finally
        {
            EngineThreads.Count = saved;
        }
    }

    private static float[][] RunStep()
    {
        var gen = new Generator(99);
        using var scope = new TensorScope();
        var x = Tensor.Randn(gen, 4, 3, 12, 12).RequiresGrad_();
        var w = (Tensor.Randn(gen, 8, 3, 3, 3) * 0.2f).Detach().RequiresGrad_();
        var gamma = Tensor.Ones(8).RequiresGrad_();
        var beta = Tensor.Zeros(8).RequiresGrad_();
        var rm = Tensor.Zeros(8);
        var rv = Tensor.Ones(8);
        var fc = (Tensor.Randn(gen, 5, 8) * 0.3f).Detach().RequiresGrad_();
        var h = F.Conv2d(x, w, null, 1, 1);
        h = F.Relu(F.BatchNorm(h, rm, rv, gamma, beta, training: true));
        h = F.MaxPool2d(h, 3, 2, 1);
        h = F.AvgPool2d(h, 2);
        h = F.AdaptiveAvgPool2d(h, 1).Flatten(1);
        var logits = F.Linear(h, fc);
        var loss = F.CrossEntropy(logits, [0, 1, 2, 3]);
        loss.Backward();
        return [loss.ToArray(), logits.ToArray(), x.Grad!.ToArray(), w.Grad!.ToArray(), gamma.Grad!.ToArray(), beta.Grad!.ToArray(), fc.Grad!.ToArray(), rm.ToArray(), rv.ToArray()];
    }
}
