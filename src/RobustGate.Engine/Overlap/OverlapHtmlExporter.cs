using System.Globalization;
using System.Net;
using System.Text;
using RobustGate.Engine.IO;
using RobustGate.Engine.Reporting;

namespace RobustGate.Engine.Overlap;

/// <summary>
/// overlap.html: one self-contained page in the check report's style (same inline CSS, inline SVG,
/// no scripts, no external resources): the overlap matrix as a heat map, each model's accuracies and
/// robustness scores, and the settings. Byte-stable for equal inputs apart from the timings.
/// </summary>
public static class OverlapHtmlExporter
{
    public const string FileName = "overlap.html";

    private const int CellSize = 56;
    private const int LabelWidth = 150;
    private const int HeaderHeight = 120;

    public static string Render(OverlapMatrix matrix)
    {
        ArgumentNullException.ThrowIfNull(matrix);
        var s = matrix.Settings;
        var h = new StringBuilder();
        h.Append("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n");
        h.Append("<title>RobustGate corruption overlap: ").Append(E(s.Arch)).Append("</title>\n");
        h.Append(HtmlStyleSheet.Element()).Append("</head>\n<body>\n");
        h.Append("<h1>RobustGate: corruption overlap</h1>\n");
        h.Append("<p>Model <code>").Append(E(s.Arch)).Append("</code> trained on <code>").Append(E(s.Data)).Append("</code> (")
            .Append(matrix.TrainCount).Append(" images, ").Append(s.Epochs).Append(s.Epochs == 1 ? " epoch" : " epochs").Append(", seed ").Append(s.Seed)
            .Append("), evaluated on ").Append(matrix.EvaluationCount).Append(" test images, corruption profile ").Append(E(matrix.ProfileName))
            .Append(", severities ").Append(string.Join(", ", s.Severities)).Append(" averaged.</p>\n");
        h.Append("<p>O(c1, c2) = max(0, ½·[(R<sub>m_c1</sub>(c2) − R<sub>m_0</sub>(c2)) / (R<sub>m_c2</sub>(c2) − R<sub>m_0</sub>(c2)) + (R<sub>m_c2</sub>(c1) − R<sub>m_0</sub>(c1)) / (R<sub>m_c1</sub>(c1) − R<sub>m_0</sub>(c1))]) with R = acc(c) / acc(clean): ")
            .Append("0 = independent corruptions, 1 = training on one gives the full gain on the other. n/a: undefined (training on the corruption itself brought no gain: diagonal gain ≤ 0).</p>\n");
        AppendHeatMap(h, matrix);
        AppendModels(h, matrix);
        h.Append("</body>\n</html>\n");
        return h.ToString();
    }

    /// <summary>Writes <see cref="FileName"/> in <paramref name="directory"/> atomically; returns its path.</summary>
    public static string Write(OverlapMatrix matrix, string directory)
    {
        var path = Path.Combine(directory, FileName);
        AtomicFile.WriteAllText(path, Render(matrix));
        return path;
    }

    /// <summary>White (0) to dark blue (1), integer RGB so the page is byte-stable; grey for undefined.</summary>
    internal static string Colour(double overlap)
    {
        if (double.IsNaN(overlap))
        {
            return "#d0d7de";
        }

        var t = Math.Clamp(overlap, 0, 1);
        (double R, double G, double B) low = (247, 251, 255), high = (8, 81, 156);
        int Channel(double a, double b) => (int)Math.Round(a + (b - a) * t, MidpointRounding.AwayFromZero);
        return string.Create(CultureInfo.InvariantCulture, $"#{Channel(low.R, high.R):x2}{Channel(low.G, high.G):x2}{Channel(low.B, high.B):x2}");
    }

    private static void AppendHeatMap(StringBuilder h, OverlapMatrix matrix)
    {
        var names = matrix.Corruptions;
        var n = names.Count;
        // Room on the right for the last rotated column name, which leans past its cell.
        var width = LabelWidth + CellSize * n + 80;
        var height = HeaderHeight + CellSize * n + 10;
        h.Append("<h2>Overlap matrix</h2>\n");
        h.Append("<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"").Append(width).Append("\" height=\"").Append(height).Append("\" role=\"img\" aria-label=\"corruption overlap heat map\">\n");
        for (var j = 0; j < n; j++)
        {
            // Column names run upwards so long corruption names fit above narrow cells.
            var x = LabelWidth + j * CellSize + CellSize / 2 + 4;
            h.Append("<text x=\"").Append(x).Append("\" y=\"").Append(HeaderHeight - 6).Append("\" transform=\"rotate(-60 ").Append(x).Append(' ').Append(HeaderHeight - 6).Append(")\">")
                .Append(E(names[j])).Append("</text>\n");
        }

        for (var i = 0; i < n; i++)
        {
            var y = HeaderHeight + i * CellSize;
            h.Append("<text x=\"0\" y=\"").Append(y + CellSize / 2 + 4).Append("\">").Append(E(names[i])).Append("</text>\n");
            for (var j = 0; j < n; j++)
            {
                var value = OverlapScore.Round(matrix.Overlap[i][j]);
                var x = LabelWidth + j * CellSize;
                var text = Format(value);
                h.Append("<rect x=\"").Append(x).Append("\" y=\"").Append(y).Append("\" width=\"").Append(CellSize - 2).Append("\" height=\"").Append(CellSize - 2)
                    .Append("\" fill=\"").Append(Colour(value)).Append("\"><title>").Append(E(names[i])).Append(" / ").Append(E(names[j])).Append(": overlap ").Append(text).Append("</title></rect>\n");
                h.Append("<text x=\"").Append(x + CellSize / 2 - 1).Append("\" y=\"").Append(y + CellSize / 2 + 4).Append("\" text-anchor=\"middle\"")
                    .Append(value > 0.6 ? " fill=\"#ffffff\"" : string.Empty).Append('>').Append(text).Append("</text>\n");
            }
        }

        h.Append("</svg>\n");
    }

    private static void AppendModels(StringBuilder h, OverlapMatrix matrix)
    {
        var names = matrix.Corruptions;
        h.Append("<h2>Accuracy (robustness R) per model</h2>\n<table>\n<tr><th>model</th><th>clean</th>");
        foreach (var name in names)
        {
            h.Append("<th>").Append(E(name)).Append("</th>");
        }

        h.Append("<th>train loss</th></tr>\n");
        foreach (var model in matrix.Trained.Prepend(matrix.Standard))
        {
            h.Append("<tr><td>").Append(E(model.Name)).Append("</td><td>").Append(F3(model.CleanAccuracy)).Append("</td>");
            for (var i = 0; i < names.Count; i++)
            {
                h.Append("<td>").Append(F3(model.Accuracies[i])).Append(" (").Append(F3(model.Robustness[i])).Append(")</td>");
            }

            h.Append("<td>").Append(F3(model.FinalTrainLoss)).Append("</td></tr>\n");
        }

        h.Append("<tr><td>diagonal gain R<sub>m_c</sub>(c) − R<sub>m_0</sub>(c)</td><td></td>");
        foreach (var gain in matrix.DiagonalGains)
        {
            h.Append("<td>").Append(F3(gain)).Append("</td>");
        }

        h.Append("<td></td></tr>\n<tr><td>its standard error (approx.)</td><td></td>");
        foreach (var error in matrix.DiagonalGainStandardErrors)
        {
            h.Append("<td>").Append(F3(error)).Append("</td>");
        }

        h.Append("<td></td></tr>\n</table>\n");
        h.Append("<p>Finished in ").Append(matrix.Seconds.ToString("0.0", CultureInfo.InvariantCulture)).Append(" s.</p>\n");
    }

    private static string Format(double value) => double.IsNaN(value) ? "n/a" : value.ToString("0.00", CultureInfo.InvariantCulture);

    private static string F3(double value) => double.IsNaN(value) ? "n/a" : value.ToString("0.000", CultureInfo.InvariantCulture);

    private static string E(string text) => WebUtility.HtmlEncode(text);
}
