namespace RobustGate.Engine.Reporting;

/// <summary>The one style sheet of RobustGate's self-contained HTML pages (check report, overlap heat map), so they look alike.</summary>
internal static class HtmlStyleSheet
{
    /// <summary>The <c>&lt;style&gt;</c> element; <paramref name="pageRules"/> (one rule per line) go before the SVG text rule.</summary>
    public static string Element(string pageRules = "") =>
        "<style>\n"
        + "body{font-family:system-ui,sans-serif;margin:2em;color:#1b1f23}\n"
        + "table{border-collapse:collapse;margin:1em 0}\n"
        + "td,th{border:1px solid #d0d7de;padding:4px 8px;text-align:left}\n"
        + pageRules
        + "svg text{font-size:12px;font-family:system-ui,sans-serif}\n"
        + "</style>\n";
}
