using RobustGate.Engine.Evaluation;

namespace RobustGate.Engine.Metrics;

/// <summary>
/// Computes <see cref="RobustnessMetrics"/> from setting results and an optional baseline, with the
/// definitions of spec/corruptions.md §6:
/// CE_c = sum_s E_{s,c} / sum_s B_{s,c}; mCE = mean CE_c over the benchmark corruptions;
/// relative CE_c = sum_s (E_{s,c} - E_clean) / sum_s (B_{s,c} - B_clean); relative mCE = its mean.
/// Sums run over the severities the model was evaluated at. Orders follow the settings' order,
/// so the result is a pure function of its inputs.
/// </summary>
public static class MetricsCalculator
{
    public static RobustnessMetrics Compute(IReadOnlyList<SettingResult> settings, BaselineTable? baseline)
    {
        ArgumentNullException.ThrowIfNull(settings);
        var clean = settings.FirstOrDefault(s => s.Kind == SuiteKind.Clean);
        double? cleanError = clean?.Error;

        var corruptionSettings = settings.Where(s => s.Kind == SuiteKind.Corruption).ToList();
        double? meanCorruptionError = corruptionSettings.Count == 0 ? null : Mean(corruptionSettings.Select(s => s.Error));

        var scores = new List<CorruptionScore>();
        foreach (var group in corruptionSettings.GroupBy(s => s.Name, StringComparer.Ordinal))
        {
            var rows = group.OrderBy(s => s.Severity ?? 0).ToList();
            var severities = rows.Select(s => s.Severity ?? 0).ToList();
            var errorSum = rows.Sum(s => s.Error);
            var baselineRow = baseline?.Find(group.Key);
            var baselineSum = baselineRow?.ErrorSum(severities);
            double? ce = baselineSum is double b && b > 0 ? errorSum / b : null;
            double? relative = null;
            if (baselineSum is double bs && cleanError is double ec && baseline?.CleanError is double bc)
            {
                var denominator = bs - severities.Count * bc;
                relative = denominator > 0 ? (errorSum - severities.Count * ec) / denominator : null;
            }

            scores.Add(new CorruptionScore(group.Key, rows[0].Group, severities, errorSum / rows.Count, baselineSum, ce, relative));
        }

        var mceScores = scores.Where(c => BenchmarkCorruptions.IsBenchmark(c.Name) && c.Ce is not null).ToList();
        double? mce = mceScores.Count == 0 ? null : Mean(mceScores.Select(c => c.Ce!.Value));
        var relativeScores = mceScores.Where(c => c.RelativeCe is not null).ToList();
        double? relativeMce = relativeScores.Count == 0 || relativeScores.Count != mceScores.Count
            ? null
            : Mean(relativeScores.Select(c => c.RelativeCe!.Value));
        var mceComplete = mceScores.Count == BenchmarkCorruptions.Names.Count;

        var groups = settings
            .Where(s => s.Kind is SuiteKind.Corruption or SuiteKind.Noise)
            .GroupBy(s => s.Group, StringComparer.Ordinal)
            .Select(g => new GroupError(g.Key, g.Count(), Mean(g.Select(s => s.Error))))
            .ToList();

        return new RobustnessMetrics(
            cleanError,
            meanCorruptionError,
            mce,
            relativeMce,
            mceScores.Select(c => c.Name).ToList(),
            mceComplete,
            scores,
            groups,
            ComputeRobustAccuracies(settings, clean));
    }

    /// <summary>
    /// One entry per attack group, per attack name (when it differs from every group) and, with
    /// more than one attack setting, <c>all</c>: the per-sample worst case over the entry's settings.
    /// </summary>
    private static List<RobustAccuracy> ComputeRobustAccuracies(IReadOnlyList<SettingResult> settings, SettingResult? clean)
    {
        var attacks = settings.Where(s => s.Kind == SuiteKind.Attack).ToList();
        var sets = new List<(string Name, List<SettingResult> Members)>();
        foreach (var a in attacks)
        {
            AddTo(sets, a.Group, a);
        }

        foreach (var a in attacks)
        {
            if (!attacks.Any(x => string.Equals(x.Group, a.Name, StringComparison.Ordinal)))
            {
                AddTo(sets, a.Name, a);
            }
        }

        if (attacks.Count > 1 && !sets.Any(s => s.Name == "all"))
        {
            sets.Add(("all", attacks));
        }

        return sets.Select(set => WorstCase(set.Name, set.Members, clean)).ToList();
    }

    private static void AddTo(List<(string Name, List<SettingResult> Members)> sets, string name, SettingResult member)
    {
        var index = sets.FindIndex(s => string.Equals(s.Name, name, StringComparison.Ordinal));
        if (index < 0)
        {
            sets.Add((name, [member]));
        }
        else if (!sets[index].Members.Contains(member))
        {
            sets[index].Members.Add(member);
        }
    }

    private static RobustAccuracy WorstCase(string name, List<SettingResult> members, SettingResult? clean)
    {
        var total = members[0].Total;
        var correct = 0;
        for (var i = 0; i < total; i++)
        {
            var ok = clean is null || clean.Correct[i];
            foreach (var m in members)
            {
                ok &= m.Correct[i];
            }

            if (ok)
            {
                correct++;
            }
        }

        return new RobustAccuracy(name, members.Select(m => m.Key).ToList(), total, correct, WilsonInterval.Compute(correct, total));
    }

    /// <summary>Mean in a fixed left-to-right order so every caller gets the same bits.</summary>
    internal static double Mean(IEnumerable<double> values)
    {
        var sum = 0.0;
        var count = 0;
        foreach (var v in values)
        {
            sum += v;
            count++;
        }

        return sum / count;
    }
}
