using RobustGate.Engine.Evaluation;
using RobustGate.Engine.Gating;
using RobustGate.Engine.Metrics;

namespace RobustGate.Engine.Reporting;

/// <summary>
/// Combines the shard reports of one run exactly: sample indices and per-sample bits are
/// concatenated in shard order (counts follow from the bits; nothing is averaged), metrics are
/// recomputed, and the gate is re-run with the shards' rules. The result equals the unsharded
/// report byte for byte apart from the timing fields: created_at is the earliest shard's and
/// duration_seconds the sum of the shards' (compute time, not wall time).
/// </summary>
public static class ReportMerger
{
    /// <summary>Merges shards 1..N of one run; <paramref name="baselineReport"/> is the report the gate compares with, if any.</summary>
    public static Report Merge(IEnumerable<Report> shards, Report? baselineReport = null)
    {
        ArgumentNullException.ThrowIfNull(shards);
        var list = shards.ToList();
        if (list.Count == 0)
        {
            throw new ConfigurationException("merge: expected at least one shard report, found none");
        }

        foreach (var r in list.Where(r => r.Shard is null))
        {
            throw new InvalidInputException($"merge: expected a shard report (shard \"k/N\"), found a whole-run report of {r.Model.Arch} on {r.Data.Spec}");
        }

        var count = list[0].Shard!.Count;
        if (list.Any(r => r.Shard!.Count != count))
        {
            throw new InvalidInputException($"merge: shards disagree on N: {string.Join(", ", list.Select(r => r.Shard!.ToString()))}");
        }

        var duplicates = list.GroupBy(r => r.Shard!.Index).Where(g => g.Count() > 1).Select(g => $"{g.Key}/{count}").ToList();
        if (duplicates.Count > 0)
        {
            throw new InvalidInputException($"merge: shard {string.Join(", ", duplicates)} given more than once");
        }

        var missing = Enumerable.Range(1, count).Where(k => list.All(r => r.Shard!.Index != k)).Select(k => $"{k}/{count}").ToList();
        if (missing.Count > 0)
        {
            throw new InvalidInputException($"merge: missing shard {string.Join(", ", missing)}");
        }

        list.Sort((a, b) => a.Shard!.Index.CompareTo(b.Shard!.Index));
        var first = list[0];
        foreach (var r in list.Skip(1))
        {
            CheckAgreement(first, r);
        }

        var indices = new List<int>();
        foreach (var r in list)
        {
            if (indices.Count > 0 && r.Data.SampleIndices.Count > 0 && r.Data.SampleIndices[0] <= indices[^1])
            {
                throw new InvalidInputException($"merge: shard {r.Shard} overlaps or precedes shard samples before it (its first index {r.Data.SampleIndices[0]} is not after {indices[^1]})");
            }

            indices.AddRange(r.Data.SampleIndices);
        }

        foreach (var r in list)
        {
            var expected = r.Shard!.Select(indices);
            if (!expected.SequenceEqual(r.Data.SampleIndices))
            {
                throw new InvalidInputException($"merge: shard {r.Shard} holds {r.Data.SampleIndices.Count} samples, the slicing rule gives it {expected.Count} of the {indices.Count}; the shards were not cut from one run");
            }
        }

        var settings = first.Settings.Select((s, k) => s with
        {
            Correct = CorrectnessBits.Concatenate(list.Select(r => r.Settings[k].Correct)),
        }).ToList();

        var merged = Report.Create(
            first.ToolVersion,
            list.Min(r => r.CreatedAt),
            list.Sum(r => r.DurationSeconds),
            first.Model,
            first.Data with { SampleIndices = indices },
            first.Seed,
            first.Profile,
            first.Device,
            shard: null,
            first.Baseline,
            settings,
            first.Gate.Significance);
        var policy = GatePolicy.FromReport(first);
        return merged with { Gate = policy.Evaluate(merged, baselineReport) };
    }

    /// <summary>
    /// Reads and merges shard report files; a merge error lists which file holds which shard.
    /// </summary>
    public static Report MergeFiles(IReadOnlyList<string> paths, Report? baselineReport = null)
    {
        ArgumentNullException.ThrowIfNull(paths);
        var reports = paths.Select(ReportJsonReader.ReadFile).ToList();
        try
        {
            return Merge(reports, baselineReport);
        }
        catch (InvalidInputException e)
        {
            var files = string.Join(", ", paths.Zip(reports).Select(p => $"{Path.GetFileName(p.First)} = shard {p.Second.Shard?.ToString() ?? "none"}"));
            throw new InvalidInputException($"{e.Message} [{files}]", inner: e);
        }
    }

    private static void CheckAgreement(Report a, Report b)
    {
        void Require(bool same, string what, string left, string right)
        {
            if (!same)
            {
                throw new InvalidInputException($"merge: shard {b.Shard} disagrees with shard {a.Shard} on {what} ({right} vs {left})");
            }
        }

        Require(a.Model.WeightsSha256 == b.Model.WeightsSha256 && a.Model.Arch == b.Model.Arch && a.Model.Weights == b.Model.Weights, "the model", $"{b.Model.Arch} {b.Model.WeightsSha256}", $"{a.Model.Arch} {a.Model.WeightsSha256}");
        Require(a.Model.Classes == b.Model.Classes && a.Model.Mean.SequenceEqual(b.Model.Mean) && a.Model.Std.SequenceEqual(b.Model.Std) && a.Model.InputSize.SequenceEqual(b.Model.InputSize), "the model's preprocessing", "-", "-");
        Require(a.Data.ContentSha256 == b.Data.ContentSha256 && a.Data.Spec == b.Data.Spec, "the data", $"{b.Data.Spec} {b.Data.ContentSha256}", $"{a.Data.Spec} {a.Data.ContentSha256}");
        Require(a.Data.Limit == b.Data.Limit, "the sample limit", $"{b.Data.Limit}", $"{a.Data.Limit}");
        Require(a.Seed == b.Seed, "the seed", $"{b.Seed}", $"{a.Seed}");
        Require(a.Profile == b.Profile, "the profile", b.Profile, a.Profile);
        Require(a.ToolVersion == b.ToolVersion, "the tool version", b.ToolVersion, a.ToolVersion);
        Require(a.Device == b.Device, "the device", b.Device, a.Device);
        Require(SameBaseline(a.Baseline, b.Baseline), "the CE baseline", b.Baseline?.Name ?? "none", a.Baseline?.Name ?? "none");
        Require(a.Settings.Select(s => s.Key).SequenceEqual(b.Settings.Select(s => s.Key), StringComparer.Ordinal)
            && a.Settings.Select(s => s.Group).SequenceEqual(b.Settings.Select(s => s.Group), StringComparer.Ordinal), "the settings", $"{b.Settings.Count} settings", $"{a.Settings.Count} settings");
        Require(a.Gate.Significance == b.Gate.Significance && a.Gate.Rules.Select(r => r.Rule).SequenceEqual(b.Gate.Rules.Select(r => r.Rule), StringComparer.Ordinal), "the gate rules", "-", "-");
    }

    private static bool SameBaseline(BaselineTable? a, BaselineTable? b)
    {
        if (a is null || b is null)
        {
            return a is null && b is null;
        }

        return a.Kind == b.Kind && a.Name == b.Name && a.Source == b.Source && a.CleanError == b.CleanError
            && a.Corruptions.Count == b.Corruptions.Count
            && a.Corruptions.Zip(b.Corruptions).All(p => p.First.Name == p.Second.Name && p.First.MeanError == p.Second.MeanError
                && p.First.SeverityErrors.OrderBy(kv => kv.Key).SequenceEqual(p.Second.SeverityErrors.OrderBy(kv => kv.Key)));
    }
}
