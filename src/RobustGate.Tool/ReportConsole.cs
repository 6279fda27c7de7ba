using System.Globalization;
using System.Text;
using RobustGate.Engine.Evaluation;
using RobustGate.Engine.Reporting;

namespace RobustGate.Tool;

/// <summary>
/// The console view of a report: a table of errors per corruption and severity, the summary and
/// the gate. Failed rules go to standard error in MSBuild's canonical form
/// (<c>robustgate.json: error RG1001: ...</c>), so build logs and IDEs pick them up.
/// </summary>
internal static class ReportConsole
{
    public static void Print(ToolConsole console, Report report, string? configFile)
    {
        var inv = CultureInfo.InvariantCulture;
        console.WriteLine(string.Create(inv, $"{report.Model.Arch}{(report.Model.Weights is { } w ? $" ({w})" : string.Empty)} on {report.Data.Spec}: {report.Data.SampleIndices.Count} samples, seed {report.Seed}, profile {report.Profile}{(report.Shard is { } s ? $", shard {s}" : string.Empty)}"));
        var clean = report.Settings.FirstOrDefault(x => x.Kind == SuiteKind.Clean);
        if (clean is not null)
        {
            console.WriteLine(string.Create(inv, $"clean error {clean.Error:0.000} ({clean.Errors}/{clean.Total})"));
        }

        var rows = report.Settings.Where(x => x.Kind is SuiteKind.Corruption or SuiteKind.Noise)
            .GroupBy(x => (x.Kind, x.Name))
            .ToList();
        if (rows.Count > 0)
        {
            var severities = rows.SelectMany(g => g.Select(x => x.Severity ?? 0)).Distinct().Order().ToList();
            var nameWidth = Math.Max(10, rows.Max(g => g.Key.Name.Length));
            var header = new StringBuilder("corruption".PadRight(nameWidth));
            foreach (var severity in severities)
            {
                header.Append(string.Create(inv, $"  {"s" + severity,6}"));
            }

            header.Append("    mean      CE");
            console.WriteLine(header.ToString());
            foreach (var group in rows)
            {
                var line = new StringBuilder(group.Key.Name.PadRight(nameWidth));
                foreach (var severity in severities)
                {
                    var setting = group.FirstOrDefault(x => (x.Severity ?? 0) == severity);
                    line.Append(setting is null ? "        " : string.Create(inv, $"  {setting.Error,6:0.000}"));
                }

                var score = report.Metrics.Corruptions.FirstOrDefault(c => c.Name == group.Key.Name);
                var mean = group.Average(x => x.Error);
                line.Append(string.Create(inv, $"  {mean,6:0.000}  {(score?.Ce is { } ce ? ce.ToString("0.000", inv) : "-"),6}"));
                console.WriteLine(line.ToString());
            }
        }

        var summary = report.Summary;
        console.WriteLine(string.Create(inv, $"mean corruption error {Format(summary.MeanCorruptionError)}, mCE {Format(summary.Mce)}{(report.Baseline is { } b ? $" (baseline: {b.Name})" : " (no baseline)")}"));
        var gate = report.Gate;
        console.WriteLine(string.Create(inv, $"gate: {gate.Verdict} ({gate.Rules.Count} rule{(gate.Rules.Count == 1 ? string.Empty : "s")}, significance {gate.Significance})"));
        foreach (var rule in gate.Rules)
        {
            console.WriteLine($"  {(rule.Passed ? "pass" : "FAIL")} {rule.Id} {rule.Rule}: {rule.Message}");
        }

        var origin = configFile is null ? string.Empty : $"{configFile}: ";
        foreach (var rule in gate.Rules.Where(r => !r.Passed))
        {
            console.Error.WriteLine($"{origin}error {rule.Id}: {rule.Message}");
        }
    }

    private static string Format(double? value) => value is { } v ? v.ToString("0.000", CultureInfo.InvariantCulture) : "n/a";
}
