using RobustGate.Engine.Gating;

namespace RobustGate.Engine.Configuration;

/// <summary><c>gate</c>: parsed rules (empty = defaults when there is a baseline report) and the significance level (default 0.05).</summary>
public sealed record GateConfiguration(IReadOnlyList<GateRule> Rules, double Significance)
{
    public static GateConfiguration Default { get; } = new([], GatePolicy.DefaultSignificance);

    public GatePolicy ToPolicy() => new(Rules, Significance);
}
