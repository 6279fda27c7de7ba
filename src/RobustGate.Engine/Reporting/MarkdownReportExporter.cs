using System.Text;
using RobustGate.Engine.Evaluation;
using static RobustGate.Engine.Reporting.ReportText;

namespace RobustGate.Engine.Reporting;

/// <summary>
/// GitHub-flavoured Markdown for a CI job summary: verdict, headline metrics, gate rule results,
/// error per corruption and severity with CE, then noise and attack settings.
/// </summary>
public sealed class MarkdownReportExporter : IReportExporter
{
    public string Format => "markdown";

    public string Extension => "md";

    public string Render(Report report)
    {
        ArgumentNullException.ThrowIfNull(report);
        var md = new StringBuilder();
        var m = report.Metrics;
        md.Append("## RobustGate: ").Append(report.Gate.Passed ? "PASS" : "FAIL").Append('\n').Append('\n');
        md.Append("Model `").Append(Escape(report.Model.Arch)).Append('`');
        if (report.Model.Weights is not null)
        {
            md.Append(" (`").Append(Escape(report.Model.Weights)).Append("`)");
        }

        md.Append(" on `").Append(Escape(report.Data.Spec)).Append("`, ").Append(report.Data.SampleIndices.Count).Append(" samples, seed ").Append(report.Seed);
        if (report.Shard is not null)
        {
            md.Append(", shard ").Append(report.Shard);
        }

        md.Append(".\n\n");
        md.Append("| metric | value |\n|---|---|\n");
        md.Append("| clean error | ").Append(F3(m.CleanError)).Append(" |\n");
        md.Append("| mean corruption error | ").Append(F3(m.MeanCorruptionError)).Append(" |\n");
        md.Append("| mCE").Append(report.Baseline is null ? string.Empty : $" (vs {Escape(report.Baseline.Name)})").Append(m.MceComplete || m.Mce is null ? string.Empty : $", {m.MceCorruptions.Count} of 15 corruptions").Append(" | ").Append(F3(m.Mce)).Append(" |\n");
        md.Append("| relative mCE | ").Append(F3(m.RelativeMce)).Append(" |\n");
        foreach (var r in m.RobustAccuracies)
        {
            md.Append("| robust accuracy[").Append(Escape(r.Name)).Append("] | ").Append(F3(r.Accuracy)).Append(" |\n");
        }

        md.Append("\n### Gate\n\n");
        if (report.Gate.Rules.Count == 0)
        {
            md.Append("No gate rules (no rules configured and no baseline report).\n");
        }
        else
        {
            md.Append("| code | rule | result | details |\n|---|---|---|---|\n");
            foreach (var r in report.Gate.Rules)
            {
                md.Append("| ").Append(r.Id).Append(" | `").Append(Escape(r.Rule)).Append("` | ").Append(r.Passed ? "pass" : "**fail**").Append(" | ").Append(Escape(r.Message)).Append(" |\n");
            }
        }

        var (corruptions, severities) = CorruptionGrid(report);
        if (corruptions.Count > 0)
        {
            md.Append("\n### Error per corruption and severity\n\n| corruption | ");
            foreach (var s in severities)
            {
                md.Append(s).Append(" | ");
            }

            md.Append("mean | CE |\n|---|");
            md.Append(string.Concat(Enumerable.Repeat("---:|", severities.Count + 2))).Append('\n');
            foreach (var c in corruptions)
            {
                md.Append("| ").Append(Escape(c)).Append(" | ");
                foreach (var s in severities)
                {
                    md.Append(F3(Find(report, c, s)?.Error)).Append(" | ");
                }

                var score = m.Corruptions.First(x => x.Name == c);
                md.Append(F3(score.MeanError)).Append(" | ").Append(F3(score.Ce)).Append(" |\n");
            }
        }

        if (m.Groups.Count > 0)
        {
            md.Append("\n### Error by group\n\n| group | settings | mean error |\n|---|---:|---:|\n");
            foreach (var g in m.Groups)
            {
                md.Append("| ").Append(Escape(g.Group)).Append(" | ").Append(g.Settings).Append(" | ").Append(F3(g.MeanError)).Append(" |\n");
            }
        }

        AppendOthers(md, report, SuiteKind.Noise, "Noise");
        AppendOthers(md, report, SuiteKind.Attack, "Attacks");
        return md.ToString();
    }

    private static void AppendOthers(StringBuilder md, Report report, SuiteKind kind, string title)
    {
        var settings = report.Settings.Where(s => s.Kind == kind).ToList();
        if (settings.Count == 0)
        {
            return;
        }

        md.Append("\n### ").Append(title).Append("\n\n| name | group | parameter | error |\n|---|---|---:|---:|\n");
        foreach (var s in settings)
        {
            md.Append("| ").Append(Escape(s.Name)).Append(" | ").Append(Escape(s.Group)).Append(" | ").Append(Parameter(s.Parameter)).Append(" | ").Append(F3(s.Error)).Append(" |\n");
        }
    }

    /// <summary>Keeps user text from breaking table cells or code spans.</summary>
    private static string Escape(string text) => text.Replace("|", "\\|", StringComparison.Ordinal).Replace("`", "'", StringComparison.Ordinal).Replace("\n", " ", StringComparison.Ordinal);
}
