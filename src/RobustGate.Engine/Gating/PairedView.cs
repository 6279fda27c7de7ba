using RobustGate.Engine.Evaluation;
using RobustGate.Engine.Reporting;

namespace RobustGate.Engine.Gating;

/// <summary>
/// Candidate and baseline restricted to what both evaluated: the sample indices they share and
/// the settings (by key) they share, both in the candidate's order. Every paired statistic is
/// computed on this view, so the observed and baseline values a rule reports are the values the
/// paired test is about.
/// </summary>
internal sealed class PairedView
{
    private PairedView(IReadOnlyList<SettingResult> candidate, IReadOnlyList<SettingResult> baseline, int sharedSamples)
    {
        Candidate = candidate;
        Baseline = baseline;
        SharedSamples = sharedSamples;
    }

    public IReadOnlyList<SettingResult> Candidate { get; }

    /// <summary>Baseline settings aligned one to one with <see cref="Candidate"/>.</summary>
    public IReadOnlyList<SettingResult> Baseline { get; }

    public int SharedSamples { get; }

    public static PairedView Create(Report candidate, Report baseline)
    {
        var a = candidate.Data.SampleIndices;
        var b = baseline.Data.SampleIndices;
        var positionsA = new List<int>();
        var positionsB = new List<int>();
        int i = 0, j = 0;
        while (i < a.Count && j < b.Count)
        {
            if (a[i] == b[j])
            {
                positionsA.Add(i++);
                positionsB.Add(j++);
            }
            else if (a[i] < b[j])
            {
                i++;
            }
            else
            {
                j++;
            }
        }

        var identicalSamples = positionsA.Count == a.Count && positionsB.Count == b.Count;
        var byKey = baseline.Settings.ToDictionary(s => s.Key, StringComparer.Ordinal);
        var candidateSettings = new List<SettingResult>();
        var baselineSettings = new List<SettingResult>();
        foreach (var s in candidate.Settings)
        {
            if (byKey.TryGetValue(s.Key, out var match))
            {
                candidateSettings.Add(identicalSamples ? s : Restrict(s, positionsA));
                baselineSettings.Add(identicalSamples ? match : Restrict(match, positionsB));
            }
        }

        return new PairedView(candidateSettings, baselineSettings, positionsA.Count);
    }

    private static SettingResult Restrict(SettingResult setting, List<int> positions)
    {
        var bits = new bool[positions.Count];
        for (var k = 0; k < bits.Length; k++)
        {
            bits[k] = setting.Correct[positions[k]];
        }

        return setting with { Correct = CorrectnessBits.FromBooleans(bits) };
    }
}
