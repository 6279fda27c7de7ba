using System.Globalization;
using System.Net;
using System.Text;
using RobustGate.Engine.Evaluation;
using static RobustGate.Engine.Reporting.ReportText;

namespace RobustGate.Engine.Reporting;

/// <summary>
/// One self-contained HTML page: inline CSS and inline SVG charts (a heat map of error per
/// corruption x severity, candidate vs baseline mean error bars), the gate results and the
/// headline metrics. No scripts and no external resources, so it opens offline and from CI artifacts.
/// </summary>
public sealed class HtmlReportExporter : IReportExporter
{
    private const int CellWidth = 56;
    private const int CellHeight = 22;
    private const int LabelWidth = 150;
    private const int BarScale = 320;

    public string Format => "html";

    public string Extension => "html";

    public string Render(Report report)
    {
        ArgumentNullException.ThrowIfNull(report);
        var h = new StringBuilder();
        var m = report.Metrics;
        var verdict = report.Gate.Passed ? "PASS" : "FAIL";
        h.Append("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n");
        h.Append("<title>RobustGate report: ").Append(E(report.Model.Arch)).Append(" — ").Append(verdict).Append("</title>\n");
        h.Append(HtmlStyleSheet.Element(".pass{color:#1a7f37;font-weight:bold}.fail{color:#cf222e;font-weight:bold}\n")).Append("</head>\n<body>\n");
        h.Append("<h1>RobustGate: <span class=\"").Append(report.Gate.Passed ? "pass" : "fail").Append("\">").Append(verdict).Append("</span></h1>\n");
        h.Append("<p>Model <code>").Append(E(report.Model.Arch)).Append("</code> on <code>").Append(E(report.Data.Spec)).Append("</code>, ")
            .Append(report.Data.SampleIndices.Count).Append(" samples, seed ").Append(report.Seed).Append(", device ").Append(E(report.Device)).Append(".</p>\n");

        h.Append("<table>\n<tr><th>metric</th><th>value</th></tr>\n");
        Row(h, "clean error", F3(m.CleanError));
        Row(h, "mean corruption error", F3(m.MeanCorruptionError));
        Row(h, report.Baseline is null ? "mCE" : $"mCE (vs {report.Baseline.Name})", F3(m.Mce));
        Row(h, "relative mCE", F3(m.RelativeMce));
        foreach (var r in m.RobustAccuracies)
        {
            Row(h, $"robust accuracy[{r.Name}]", F3(r.Accuracy));
        }

        h.Append("</table>\n");

        if (m.Groups.Count > 0)
        {
            h.Append("<h2>Error by group</h2>\n<table>\n<tr><th>group</th><th>settings</th><th>mean error</th></tr>\n");
            foreach (var g in m.Groups)
            {
                h.Append("<tr><td>").Append(E(g.Group)).Append("</td><td>").Append(g.Settings).Append("</td><td>").Append(F3(g.MeanError)).Append("</td></tr>\n");
            }

            h.Append("</table>\n");
        }

        h.Append("<h2>Gate</h2>\n");
        if (report.Gate.Rules.Count == 0)
        {
            h.Append("<p>No gate rules.</p>\n");
        }
        else
        {
            h.Append("<table>\n<tr><th>code</th><th>rule</th><th>result</th><th>details</th></tr>\n");
            foreach (var r in report.Gate.Rules)
            {
                h.Append("<tr><td>").Append(r.Id).Append("</td><td><code>").Append(E(r.Rule)).Append("</code></td><td class=\"")
                    .Append(r.Passed ? "pass\">pass" : "fail\">fail").Append("</td><td>").Append(E(r.Message)).Append("</td></tr>\n");
            }

            h.Append("</table>\n");
        }

        AppendHeatMap(h, report);
        AppendBars(h, report);
        h.Append("</body>\n</html>\n");
        return h.ToString();
    }

    private static void AppendHeatMap(StringBuilder h, Report report)
    {
        var (corruptions, severities) = CorruptionGrid(report);
        if (corruptions.Count == 0)
        {
            return;
        }

        var width = LabelWidth + CellWidth * severities.Count + 10;
        var height = CellHeight * (corruptions.Count + 1) + 10;
        h.Append("<h2>Error per corruption and severity</h2>\n");
        h.Append("<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"").Append(width).Append("\" height=\"").Append(height).Append("\" role=\"img\" aria-label=\"error heat map\">\n");
        for (var j = 0; j < severities.Count; j++)
        {
            h.Append("<text x=\"").Append(LabelWidth + j * CellWidth + CellWidth / 2).Append("\" y=\"15\" text-anchor=\"middle\">s").Append(severities[j]).Append("</text>\n");
        }

        for (var i = 0; i < corruptions.Count; i++)
        {
            var y = CellHeight * (i + 1);
            h.Append("<text x=\"0\" y=\"").Append(y + 15).Append("\">").Append(E(corruptions[i])).Append("</text>\n");
            for (var j = 0; j < severities.Count; j++)
            {
                var setting = Find(report, corruptions[i], severities[j]);
                if (setting is null)
                {
                    continue;
                }

                var x = LabelWidth + j * CellWidth;
                h.Append("<rect x=\"").Append(x).Append("\" y=\"").Append(y).Append("\" width=\"").Append(CellWidth - 2).Append("\" height=\"").Append(CellHeight - 2)
                    .Append("\" fill=\"").Append(HeatColour(setting.Error)).Append("\"><title>").Append(E(corruptions[i])).Append(" severity ").Append(severities[j]).Append(": error ").Append(F3(setting.Error)).Append("</title></rect>\n");
                h.Append("<text x=\"").Append(x + CellWidth / 2 - 1).Append("\" y=\"").Append(y + 15).Append("\" text-anchor=\"middle\">").Append(F3(setting.Error)).Append("</text>\n");
            }
        }

        h.Append("</svg>\n");
    }

    private static void AppendBars(StringBuilder h, Report report)
    {
        var scores = report.Metrics.Corruptions;
        if (scores.Count == 0)
        {
            return;
        }

        const int rowHeight = 30;
        var width = LabelWidth + BarScale + 60;
        var height = rowHeight * scores.Count + 30;
        h.Append("<h2>Mean error: candidate vs baseline").Append(report.Baseline is null ? string.Empty : $" ({E(report.Baseline.Name)})").Append("</h2>\n");
        h.Append("<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"").Append(width).Append("\" height=\"").Append(height).Append("\" role=\"img\" aria-label=\"candidate and baseline mean error\">\n");
        h.Append("<rect x=\"").Append(LabelWidth).Append("\" y=\"2\" width=\"10\" height=\"10\" fill=\"#0969da\"/><text x=\"").Append(LabelWidth + 14).Append("\" y=\"12\">candidate</text>\n");
        h.Append("<rect x=\"").Append(LabelWidth + 90).Append("\" y=\"2\" width=\"10\" height=\"10\" fill=\"#8c959f\"/><text x=\"").Append(LabelWidth + 104).Append("\" y=\"12\">baseline</text>\n");
        for (var i = 0; i < scores.Count; i++)
        {
            var s = scores[i];
            var y = 20 + i * rowHeight;
            h.Append("<text x=\"0\" y=\"").Append(y + 14).Append("\">").Append(E(s.Name)).Append("</text>\n");
            Bar(h, y, s.MeanError, "#0969da");
            if (s.BaselineErrorSum is double sum)
            {
                Bar(h, y + 12, sum / s.Severities.Count, "#8c959f");
            }
        }

        h.Append("</svg>\n");
    }

    private static void Bar(StringBuilder h, int y, double value, string colour)
    {
        var length = Math.Round(Math.Clamp(value, 0, 1) * BarScale, 1, MidpointRounding.AwayFromZero).ToString("0.#", CultureInfo.InvariantCulture);
        h.Append("<rect x=\"").Append(LabelWidth).Append("\" y=\"").Append(y).Append("\" width=\"").Append(length).Append("\" height=\"10\" fill=\"").Append(colour).Append("\"/>");
        h.Append("<text x=\"").Append(LabelWidth + BarScale + 6).Append("\" y=\"").Append(y + 9).Append("\">").Append(F3(value)).Append("</text>\n");
    }

    /// <summary>Green (0) through pale yellow (0.5) to red (1), integer RGB so the page is byte-stable.</summary>
    internal static string HeatColour(double error)
    {
        var e = Math.Clamp(error, 0, 1);
        (double R, double G, double B) low = (26, 150, 65), mid = (255, 255, 191), high = (215, 25, 28);
        var (from, to, t) = e < 0.5 ? (low, mid, e * 2) : (mid, high, (e - 0.5) * 2);
        int Channel(double a, double b) => (int)Math.Round(a + (b - a) * t, MidpointRounding.AwayFromZero);
        return string.Create(CultureInfo.InvariantCulture, $"#{Channel(from.R, to.R):x2}{Channel(from.G, to.G):x2}{Channel(from.B, to.B):x2}");
    }

    private static void Row(StringBuilder h, string name, string value) =>
        h.Append("<tr><td>").Append(E(name)).Append("</td><td>").Append(value).Append("</td></tr>\n");

    private static string E(string text) => WebUtility.HtmlEncode(text);
}
