namespace RobustGate.Engine.Overlap;

/// <summary>Progress of an overlap experiment: <paramref name="Done"/> of <paramref name="Total"/> units of <paramref name="Stage"/>.</summary>
public sealed record OverlapProgress(string Stage, long Done, long Total);
