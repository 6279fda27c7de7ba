using RobustGate.Engine.Functional;
using RobustGate.Engine.Tensors;

namespace RobustGate.Engine.Nn;

/// <summary>
/// torch.nn.BatchNorm2d (affine, tracking running stats). State, in PyTorch's order:
/// <c>weight</c> (1), <c>bias</c> (0), <c>running_mean</c> (0), <c>running_var</c> (1) and the
/// int64 <c>num_batches_tracked</c>, counted up by every training-mode forward pass.
/// </summary>
public sealed class BatchNorm2d : Module
{
    public BatchNorm2d(int numFeatures, double eps = 1e-5, double momentum = 0.1)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(numFeatures, 1);
        NumFeatures = numFeatures;
        Eps = eps;
        Momentum = momentum;
        Weight = RegisterParameter("weight", Tensor.Ones(numFeatures));
        Bias = RegisterParameter("bias", Tensor.Zeros(numFeatures));
        RunningMean = RegisterBuffer("running_mean", Tensor.Zeros(numFeatures));
        RunningVar = RegisterBuffer("running_var", Tensor.Ones(numFeatures));
        NumBatchesTracked = RegisterBuffer("num_batches_tracked", new Int64Buffer());
    }

    public int NumFeatures { get; }

    public double Eps { get; }

    public double Momentum { get; }

    public Tensor Weight { get; }

    public Tensor Bias { get; }

    public Tensor RunningMean { get; }

    public Tensor RunningVar { get; }

    public Int64Buffer NumBatchesTracked { get; }

    public override Tensor Forward(Tensor input)
    {
        if (Training)
        {
            NumBatchesTracked.Value++;
        }

        return F.BatchNorm(input, RunningMean, RunningVar, Weight, Bias, Training, (float)Momentum, (float)Eps);
    }
}
