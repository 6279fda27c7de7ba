using RobustGate.Engine.Autograd;
using RobustGate.Engine.Nn;
using RobustGate.Engine.Tensors;

namespace RobustGate.Engine.Benchmarks;

/// <summary>
/// Floating-point operations of a model's convolutions and linear layers, the arithmetic that
/// decides its speed (batch-norm, activations and pooling are memory-bound and not counted).
/// The count comes from the graph of one recorded forward pass, so it follows whatever the
/// model's Forward actually does. bench/pytorch_workloads.py counts the same way with hooks.
/// </summary>
public static class ModelFlops
{
    /// <summary>Floating-point operations (a multiply-add counts as two) of one forward pass over one image of shape (C, H, W).</summary>
    public static double ForwardPerImage(Module model, (int C, int H, int W) inputSize)
    {
        ArgumentNullException.ThrowIfNull(model);
        var convs = new Dictionary<Tensor, Conv2d>(ReferenceEqualityComparer.Instance);
        foreach (var (_, module) in model.NamedModules())
        {
            if (module is Conv2d conv)
            {
                convs[conv.Weight] = conv;
            }
        }

        var wasTraining = model.Training;
        model.Eval();
        try
        {
            using var scope = new TensorScope();
            var x = Tensor.Zeros(1, inputSize.C, inputSize.H, inputSize.W).RequiresGrad_();
            var output = model.Forward(x);
            var flops = 0.0;
            var seen = new HashSet<GradNode>(ReferenceEqualityComparer.Instance);
            var stack = new Stack<GradNode>();
            if (output.GradFn is { } root)
            {
                stack.Push(root);
            }

            while (stack.Count > 0)
            {
                var node = stack.Pop();
                if (!seen.Add(node))
                {
                    continue;
                }

                var inputs = node.Inputs;
                flops += node.Name switch
                {
                    "conv2d" when convs.TryGetValue(inputs[1], out var conv) => ConvFlops(inputs[0].ShapeRef, conv),
                    "linear" => 2.0 * inputs[0].Numel / inputs[1].ShapeRef[1] * inputs[1].ShapeRef[0] * inputs[1].ShapeRef[1],
                    _ => 0.0,
                };
                foreach (var input in inputs)
                {
                    if (input.GradFn is { } producer)
                    {
                        stack.Push(producer);
                    }
                }
            }

            return flops;
        }
        finally
        {
            model.Train(wasTraining);
        }
    }

    /// <summary>
    /// Operations of one sample of a model workload: a PGD step adds the backward-data pass (as much
    /// arithmetic as the forward), a training step also the weight-gradient pass.
    /// </summary>
    public static double PerSample(WorkloadKind kind, double forwardPerImage, int batch) => kind switch
    {
        WorkloadKind.Inference => forwardPerImage * batch,
        WorkloadKind.PgdStep => 2 * forwardPerImage * batch,
        WorkloadKind.TrainingStep => 3 * forwardPerImage * batch,
        _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, "not a model workload"),
    };

    /// <summary>Forward operations of <paramref name="conv"/> on an input of shape (N, C, H, W).</summary>
    internal static double ConvFlops(ReadOnlySpan<int> input, Conv2d conv)
    {
        var span = (conv.Dilation * (conv.KernelSize - 1)) + 1;
        var outH = ((input[2] + (2 * conv.Padding) - span) / conv.Stride) + 1;
        var outW = ((input[3] + (2 * conv.Padding) - span) / conv.Stride) + 1;
        return 2.0 * input[0] * conv.OutChannels * outH * outW * (conv.InChannels / conv.Groups) * conv.KernelSize * conv.KernelSize;
    }
}
