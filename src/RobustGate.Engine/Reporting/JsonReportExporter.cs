namespace RobustGate.Engine.Reporting;

/// <summary>The canonical <c>robustgate-report/1</c> JSON (see <see cref="ReportJsonWriter"/>).</summary>
public sealed class JsonReportExporter : IReportExporter
{
    public string Format => "json";

    public string Extension => "json";

    public string Render(Report report) => ReportJsonWriter.ToJson(report);
}
