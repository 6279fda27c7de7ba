namespace RobustGate.Engine.Metrics;

/// <summary>
/// Outcome of a one-sided paired test of "the candidate is worse than the baseline".
/// </summary>
/// <param name="Worse">Samples where the candidate did worse (McNemar: baseline right, candidate wrong).</param>
/// <param name="Better">Samples where the candidate did better.</param>
/// <param name="PValue">P(X &gt;= Worse) for X ~ Binomial(Worse + Better, 1/2); 1 when there are no discordant samples.</param>
public readonly record struct PairedTestResult(int Worse, int Better, double PValue)
{
    public int Discordant => Worse + Better;
}
