namespace RobustGate.Engine.Evaluation;

/// <summary>How far an evaluation is: <paramref name="Done"/> of <paramref name="Total"/> sample evaluations, now in <paramref name="Setting"/>.</summary>
public readonly record struct EvaluationProgress(string Setting, long Done, long Total);
