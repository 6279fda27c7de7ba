using RobustGate.Engine.IO;
namespace RobustGate.Engine.Reporting;

/// <summary>The built-in exporters, looked up by format name, and atomic export to files.</summary>
public static class ReportExporters
{
    public static IReadOnlyList<IReportExporter> All { get; } =
        [new JsonReportExporter(), new MarkdownReportExporter(), new JUnitReportExporter(), new HtmlReportExporter()];

    /// <summary>Format names in the order <see cref="All"/> lists them.</summary>
    public static IReadOnlyList<string> FormatNames { get; } = All.Select(e => e.Format).ToList();

    public static IReportExporter Get(string format) =>
        All.FirstOrDefault(e => string.Equals(e.Format, format, StringComparison.Ordinal))
        ?? throw new ConfigurationException($"formats: expected one of {string.Join(", ", FormatNames)}, found \"{format}\"");

    /// <summary>Renders and writes atomically; if rendering throws, an existing file stays as it was.</summary>
    public static void WriteFile(IReportExporter exporter, Report report, string path)
    {
        ArgumentNullException.ThrowIfNull(exporter);
        AtomicFile.Write(path, stream =>
        {
            var bytes = new System.Text.UTF8Encoding(encoderShouldEmitUTF8Identifier: false).GetBytes(exporter.Render(report));
            stream.Write(bytes);
        });
    }

    /// <summary>Writes <c>&lt;folder&gt;/&lt;baseName&gt;.&lt;ext&gt;</c> for each format; returns the paths written.</summary>
    public static IReadOnlyList<string> WriteAll(Report report, string folder, string baseName, IEnumerable<string> formats)
    {
        ArgumentNullException.ThrowIfNull(formats);
        var written = new List<string>();
        foreach (var format in formats)
        {
            var exporter = Get(format);
            var path = Path.Combine(folder, $"{baseName}.{exporter.Extension}");
            WriteFile(exporter, report, path);
            written.Add(path);
        }

        return written;
    }
}
