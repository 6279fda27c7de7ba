namespace RobustGate.Engine.Evaluation;

/// <summary>
/// What the evaluator hands to metrics and reporting: the dataset sample indices evaluated
/// (ascending; the same for every setting of a run) and one <see cref="SettingResult"/> per
/// setting whose bits follow that order.
/// </summary>
public sealed class EvaluationResults
{
    public EvaluationResults(IReadOnlyList<int> sampleIndices, IReadOnlyList<SettingResult> settings)
    {
        ArgumentNullException.ThrowIfNull(sampleIndices);
        ArgumentNullException.ThrowIfNull(settings);
        for (var i = 1; i < sampleIndices.Count; i++)
        {
            if (sampleIndices[i] <= sampleIndices[i - 1])
            {
                throw new ArgumentException($"sample indices must be strictly ascending; index {i} is {sampleIndices[i]} after {sampleIndices[i - 1]}", nameof(sampleIndices));
            }
        }

        var keys = new HashSet<string>(StringComparer.Ordinal);
        foreach (var s in settings)
        {
            if (s.Total != sampleIndices.Count)
            {
                throw new ArgumentException($"setting {s.Key} has {s.Total} samples, the run has {sampleIndices.Count}", nameof(settings));
            }

            if (!keys.Add(s.Key))
            {
                throw new ArgumentException($"setting {s.Key} appears twice", nameof(settings));
            }
        }

        SampleIndices = sampleIndices;
        Settings = settings;
    }

    public IReadOnlyList<int> SampleIndices { get; }

    public IReadOnlyList<SettingResult> Settings { get; }
}
