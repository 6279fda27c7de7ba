namespace RobustGate.Engine.Evaluation;

/// <summary>
/// The evaluator's view of a model: batches of [0, 1] pixels in, class predictions out. Keeping the
/// evaluator behind this seam lets it run any backend, and lets tests use models with known behaviour.
/// </summary>
public interface IClassifier
{
    int ClassCount { get; }

    ModelInputSpec Input { get; }

    /// <summary>
    /// Predicts the classes of <paramref name="count"/> images stored as N x C x H x W floats in
    /// <paramref name="batch"/>. A sample's prediction must not depend on the other samples in the batch.
    /// </summary>
    void Predict(ReadOnlySpan<float> batch, int count, Span<int> predictions);
}
