namespace RobustGate.Engine.Metrics;

/// <summary>
/// Robust accuracy of an attack set (AutoAttack/RobustBench convention, the default of
/// spec/training-and-attacks.md §2.10): the fraction of all samples classified correctly clean
/// (when the run has a clean setting) and under every attack setting of the set.
/// </summary>
/// <param name="Name">The attack name or attack group the set is named after, or <c>all</c>.</param>
/// <param name="Attacks">Keys of the settings in the set.</param>
public sealed record RobustAccuracy(string Name, IReadOnlyList<string> Attacks, int Total, int Correct, WilsonInterval Interval)
{
    public double Accuracy => Total == 0 ? 0.0 : (double)Correct / Total;
}
