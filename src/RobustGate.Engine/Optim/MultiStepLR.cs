namespace RobustGate.Engine.Optim;

/// <summary>PyTorch's MultiStepLR: the rate is multiplied by <c>gamma</c> at each milestone epoch.</summary>
public sealed class MultiStepLR : LearningRateScheduler
{
    private readonly int[] _milestones;

    public MultiStepLR(Optimizer optimizer, IEnumerable<int> milestones, double gamma = 0.1)
        : base(optimizer)
    {
        ArgumentNullException.ThrowIfNull(milestones);
        _milestones = [.. milestones.Order()];
        Gamma = gamma;
        Apply();
    }

    public IReadOnlyList<int> Milestones => _milestones;

    public double Gamma { get; }

    public override double LearningRateAt(int epoch)
    {
        // A repeated milestone decays twice, as in PyTorch (which counts milestones in a Counter).
        var passed = 0;
        foreach (var m in _milestones)
        {
            if (m <= epoch)
            {
                passed++;
            }
        }

        return BaseLearningRate * Math.Pow(Gamma, passed);
    }
}
