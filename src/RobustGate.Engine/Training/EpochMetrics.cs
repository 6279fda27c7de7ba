namespace RobustGate.Engine.Training;

/// <summary>
/// One epoch's record: 1-based epoch, mean training cross-entropy over the epoch's samples,
/// training accuracy (in train mode, as seen during the epoch), test accuracy (null without a
/// test set), the learning rate used and the wall-clock seconds the epoch took (training and
/// evaluation).
/// </summary>
public sealed record EpochMetrics(int Epoch, double TrainLoss, double TrainAccuracy, double? TestAccuracy, double LearningRate, double Seconds);
