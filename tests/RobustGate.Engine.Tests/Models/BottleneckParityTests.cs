using RobustGate.Engine.Models;
using RobustGate.Engine.Nn;
using RobustGate.Engine.Tensors;

namespace RobustGate.Engine.Tests.Models;

/// <summary>torchvision's Bottleneck(64, 64, stride 2) in training mode vs ops/bottleneck_0.</summary>
public sealed class BottleneckParityTests
{
    // The reference README's bound for ops: max abs error <= 1e-4 * max(1, max|reference|);
    // float32 sums over up to 576 products per output differ from PyTorch's order by ~1e-6 relative.
    private const double Tolerance = 1e-4;

    [Fact]
    public void Forward_backward_and_running_stats_match_pytorch()
    {
        var file = ReferenceAssert.Open("ops", "bottleneck_0.safetensors");
        var block = new Bottleneck(64, 64, 2, new Generator(1));
        var parameters = ReferenceAssert.StateDictWithPrefix(file, "param.");

        // The reference holds no num_batches_tracked counters; everything else must be present.
        block.LoadStateDict(parameters, strict: false);
        var stateNames = block.StateDict().Names;
        Assert.Equal(stateNames.Where(n => !n.EndsWith("num_batches_tracked", StringComparison.Ordinal)), parameters.Names);

        block.Train();
        var input = ReferenceAssert.Load(file, "input").RequiresGrad_();
        var output = block.Forward(input);
        ReferenceAssert.ScaledClose(file.Get("output").ToFloat32(), output.ReadOnlySpan, Tolerance, "output");

        output.Backward(ReferenceAssert.Load(file, "grad_output"));
        ReferenceAssert.ScaledClose(file.Get("grad_input").ToFloat32(), input.Grad!.ReadOnlySpan, Tolerance, "grad_input");
        foreach (var (name, parameter) in block.NamedParameters())
        {
            ReferenceAssert.ScaledClose(file.Get("grad." + name).ToFloat32(), parameter.Grad!.ReadOnlySpan, Tolerance, "grad." + name);
        }

        foreach (var (name, buffer) in block.NamedBuffers())
        {
            ReferenceAssert.ScaledClose(file.Get("after." + name).ToFloat32(), buffer.ReadOnlySpan, Tolerance, "after." + name);
        }

        Assert.All(block.NamedModules().Select(m => m.Module).OfType<BatchNorm2d>(), bn => Assert.Equal(1, bn.NumBatchesTracked.Value));
    }
}
