namespace RobustGate.Engine.Attacks;

/// <summary>One stage of a composite attack: how many samples were still robust after <paramref name="Attack"/>.</summary>
public sealed record AttackStage(string Attack, int RobustAfter);
