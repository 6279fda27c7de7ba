namespace RobustGate.Engine.Reporting;

/// <summary>
/// A report format. Exporters are thin, deterministic views of a <see cref="Report"/>: the same
/// report renders to the same text (LF line endings, invariant culture) on every machine.
/// </summary>
public interface IReportExporter
{
    /// <summary>Format name as configured in <c>formats</c>, e.g. <c>json</c>.</summary>
    string Format { get; }

    /// <summary>File name extension without the dot, e.g. <c>md</c>.</summary>
    string Extension { get; }

    string Render(Report report);
}
