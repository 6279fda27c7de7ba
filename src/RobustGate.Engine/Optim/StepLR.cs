namespace RobustGate.Engine.Optim;

/// <summary>PyTorch's StepLR: <c>lr = base * gamma^floor(epoch / stepSize)</c>.</summary>
public sealed class StepLR : LearningRateScheduler
{
    public StepLR(Optimizer optimizer, int stepSize, double gamma = 0.1)
        : base(optimizer)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(stepSize, 1);
        StepSize = stepSize;
        Gamma = gamma;
        Apply();
    }

    public int StepSize { get; }

    public double Gamma { get; }

    public override double LearningRateAt(int epoch) => BaseLearningRate * Math.Pow(Gamma, epoch / StepSize);
}
