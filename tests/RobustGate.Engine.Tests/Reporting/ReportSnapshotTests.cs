using RobustGate.Engine.Reporting;
using RobustGate.Engine.Tests.TestSupport;

namespace RobustGate.Engine.Tests.Reporting;

/// <summary>
/// Golden files of every exporter on a fixed report (fixed timing fields). A change in any output is
/// a reviewed change: rerun with ROBUSTGATE_ACCEPT=1 and commit the verified files.
/// </summary>
public class ReportSnapshotTests
{
    [Fact]
    public void Json() => Snapshot.Verify(() => new JsonReportExporter().Render(ReportFixtures.GatedSmallReport()), "json");

    [Fact]
    public void Markdown() => Snapshot.Verify(() => new MarkdownReportExporter().Render(ReportFixtures.GatedSmallReport()), "md");

    [Fact]
    public void JUnit() => Snapshot.Verify(() => new JUnitReportExporter().Render(ReportFixtures.GatedSmallReport()), "xml");

    [Fact]
    public void Html() => Snapshot.Verify(() => new HtmlReportExporter().Render(ReportFixtures.GatedSmallReport()), "html");
}
