namespace RobustGate.Tasks;

/// <summary>One failed gate rule of a report: its RG code (e.g. RG1001), the rule text and the tool's message.</summary>
internal sealed record FailedGateRule(string Id, string Rule, string Message);
