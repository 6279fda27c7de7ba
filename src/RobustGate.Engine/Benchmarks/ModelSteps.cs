using RobustGate.Engine.Autograd;
using RobustGate.Engine.Functional;
using RobustGate.Engine.Nn;
using RobustGate.Engine.Optim;
using RobustGate.Engine.Tensors;

namespace RobustGate.Engine.Benchmarks;

/// <summary>
/// The repeated unit of each model workload, as a closure over one model and one batch. Each step
/// runs inside a <see cref="TensorScope"/> so its activations return to the pools, as in training
/// and evaluation.
/// </summary>
internal static class ModelSteps
{
    /// <summary>L∞ budget and step of the PGD step (8/255 and 2/255, the usual CIFAR setting).</summary>
    private const float PgdEps = 8f / 255f;
    private const float PgdAlpha = 2f / 255f;

    public static Action Create(WorkloadKind kind, Module model, Tensor images, int[] labels) => kind switch
    {
        WorkloadKind.Inference => Inference(model, images),
        WorkloadKind.PgdStep => PgdStep(model, images, labels),
        WorkloadKind.TrainingStep => TrainingStep(model, images, labels),
        _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, "not a model workload"),
    };

    private static Action Inference(Module model, Tensor images)
    {
        model.Eval();
        return () =>
        {
            using var scope = new TensorScope();
            using var noGrad = new NoGrad();
            model.Forward(images);
        };
    }

    /// <summary>
    /// One PGD iteration on an adversarial batch that persists across steps: eval-mode forward,
    /// mean cross-entropy, its gradient with respect to the input only (no weight gradients, as
    /// torch.autograd.grad(loss, x) does), then x = clip(x + alpha sign(g)) into the eps-ball and [0,1].
    /// </summary>
    private static Action PgdStep(Module model, Tensor images, int[] labels)
    {
        model.Eval();
        var clean = images.ReadOnlySpan.ToArray();
        var adversarial = Tensor.Zeros(images.Shape);
        adversarial.CopyFrom(images);
        return () =>
        {
            using var scope = new TensorScope();
            var x = adversarial.Detach().RequiresGrad_();
            var loss = F.CrossEntropy(model.Forward(x), labels);
            var gradient = Gradients.Compute(loss, x).ReadOnlySpan;
            var values = adversarial.Span;
            for (var i = 0; i < values.Length; i++)
            {
                var v = values[i] + (PgdAlpha * MathF.Sign(gradient[i]));
                values[i] = Math.Clamp(Math.Clamp(v, clean[i] - PgdEps, clean[i] + PgdEps), 0f, 1f);
            }
        };
    }

    private static Action TrainingStep(Module model, Tensor images, int[] labels)
    {
        model.Train();
        var optimizer = new SGD(model.Parameters(), learningRate: 0.01, momentum: 0.9);
        return () =>
        {
            using var scope = new TensorScope();
            optimizer.ZeroGrad();
            var loss = F.CrossEntropy(model.Forward(images), labels);
            loss.Backward();
            optimizer.Step();
        };
    }
}
