namespace RobustGate.Engine.Reporting;

/// <summary>The evaluated data as a report records it.</summary>
/// <param name="Spec">The data spec string from the configuration.</param>
/// <param name="ContentSha256">Hash of the dataset's content; paired comparisons and merges require equal hashes.</param>
/// <param name="SampleIndices">Dataset indices evaluated, strictly ascending; the order of every setting's bits.</param>
/// <param name="Limit">The sample budget the run was given, or null for all samples.</param>
public sealed record DataInfo(
    string Spec,
    string? Description,
    string? ContentSha256,
    IReadOnlyList<int> SampleIndices,
    int? Limit);
