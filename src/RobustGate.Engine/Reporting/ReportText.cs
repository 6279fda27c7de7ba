using System.Globalization;
using RobustGate.Engine.Evaluation;

namespace RobustGate.Engine.Reporting;

/// <summary>Number formatting and setting lookups shared by the human-readable exporters.</summary>
internal static class ReportText
{
    /// <summary>Three decimals, the precision of gate messages; an em dash for a missing value.</summary>
    public static string F3(double? value) => value is double v ? v.ToString("0.000", CultureInfo.InvariantCulture) : "—";

    public static string Parameter(double? value) => value is double v ? v.ToString("R", CultureInfo.InvariantCulture) : "—";

    /// <summary>Corruption names in first-appearance order and the severities seen, ascending.</summary>
    public static (List<string> Corruptions, List<int> Severities) CorruptionGrid(Report report)
    {
        var corruptions = report.Settings.Where(s => s.Kind == SuiteKind.Corruption).Select(s => s.Name).Distinct(StringComparer.Ordinal).ToList();
        var severities = report.Settings.Where(s => s.Kind == SuiteKind.Corruption && s.Severity is not null).Select(s => s.Severity!.Value).Distinct().Order().ToList();
        return (corruptions, severities);
    }

    public static SettingResult? Find(Report report, string corruption, int severity) =>
        report.Settings.FirstOrDefault(s => s.Kind == SuiteKind.Corruption && s.Name == corruption && s.Severity == severity);
}
