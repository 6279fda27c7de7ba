using RobustGate.Engine.Autograd;
using RobustGate.Engine.Cuda;
using RobustGate.Engine.Functional;
using RobustGate.Engine.Models;
using RobustGate.Engine.Tensors;
using RobustGate.Engine.Tests.Kernels;

namespace RobustGate.Engine.Tests.Cuda;

/// <summary>Runs one test at a time: these switch the process-wide backend.</summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class BackendSwitchingCollection
{
    public const string Name = "Backend switching";
}

/// <summary>
/// A whole model on the CUDA backend against the CPU: resnet18-cifar logits in eval mode, and the
/// loss and first-layer weight gradient of a training-mode step. The tolerances are those of the
/// PyTorch parity tests (1e-4 of the logit scale; 1e-3 relative L2 for a gradient through 20 layers).
/// </summary>
[Collection(BackendSwitchingCollection.Name)]
public sealed class CudaModelTests
{
    [CudaFact]
    public void ResNet18Cifar_LogitsAndGradientsMatchTheCpu()
    {
        var model = ModelRegistry.Get("resnet18-cifar").Create(10, 3, 7, null, null);
        var generator = new Generator(11);
        using var x = Tensor.Rand(generator, 8, 3, 32, 32);
        var labels = new[] { 0, 1, 2, 3, 4, 5, 6, 7 };

        // Eval first on both backends: a training-mode forward updates the running statistics.
        float[] Logits(IComputeBackend backend) => With(backend, () =>
        {
            model.Eval();
            using var noGrad = new NoGrad();
            using var y = model.Forward(x);
            return y.ToArray();
        });

        (float Loss, float[] Grad) Step(IComputeBackend backend) => With(backend, () =>
        {
            model.Train();
            model.ZeroGrad();
            using var output = model.Forward(x);
            using var loss = F.CrossEntropy(output, labels);
            loss.Backward();
            return (loss.Item(), model.Parameters().First().Grad!.ToArray());
        });

        var cuda = CudaDevice.Open(0).Backend;
        var (cpuLogits, cudaLogits) = (Logits(CpuBackend.Instance), Logits(cuda));
        var (cpu, gpu) = (Step(CpuBackend.Instance), Step(cuda));
        KernelTestData.AssertClose(cpuLogits, cudaLogits, 1e-4 * Math.Max(1, KernelTestData.MaxAbs(cpuLogits)), "logits");
        Assert.InRange(Math.Abs(cpu.Loss - gpu.Loss), 0, 1e-4);
        double diff = 0, norm = 0;
        for (var i = 0; i < cpu.Grad.Length; i++)
        {
            diff += Math.Pow(cpu.Grad[i] - gpu.Grad[i], 2);
            norm += Math.Pow(cpu.Grad[i], 2);
        }

        Assert.True(Math.Sqrt(diff / norm) < 1e-3, $"first-layer gradient differs by {Math.Sqrt(diff / norm):G3} relative L2");
    }

    private static T With<T>(IComputeBackend backend, Func<T> action)
    {
        var previous = ComputeBackend.Current;
        ComputeBackend.Current = backend;
        try
        {
            return action();
        }
        finally
        {
            ComputeBackend.Current = previous;
        }
    }
}
