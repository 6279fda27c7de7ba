namespace RobustGate.Engine.Training;

/// <summary>
/// What one per-epoch generator re-training reached, averaged over its last tenth of steps:
/// the classifier's mean cross-entropy under the generator's noise (the NG's objective, so it
/// rises as the NG gets stronger) and the share of noisy images the classifier got wrong.
/// </summary>
public sealed record AntRetrainDiagnostics(double Loss, double FoolingRate, int Steps);
