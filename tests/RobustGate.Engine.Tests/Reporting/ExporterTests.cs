using RobustGate.Engine.Gating;
using RobustGate.Engine.Reporting;

namespace RobustGate.Engine.Tests.Reporting;

public class ExporterTests
{
    [Fact]
    public void Html_is_self_contained_without_scripts_or_external_resources()
    {
        var html = new HtmlReportExporter().Render(ReportFixtures.GatedSmallReport());

        Assert.DoesNotContain("<script", html, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("src=", html, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("href=", html, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("url(", html, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("@import", html, StringComparison.OrdinalIgnoreCase);
        // The only URL is the SVG namespace name, which browsers never fetch.
        Assert.All(html.Split("http", StringSplitOptions.None).Skip(1), rest => Assert.StartsWith("://www.w3.org/2000/svg\"", rest, StringComparison.Ordinal));
        Assert.Contains("<svg", html, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(0.0, "#1a9641")]
    [InlineData(0.5, "#ffffbf")]
    [InlineData(1.0, "#d7191c")]
    public void Heat_colours_run_from_green_through_yellow_to_red(double error, string colour)
    {
        Assert.Equal(colour, HtmlReportExporter.HeatColour(error));
    }

    [Fact]
    public void User_text_cannot_break_markdown_tables_or_html()
    {
        var report = ReportFixtures.SmallReport();
        report = report with { Model = report.Model with { Arch = "net|<b>x</b>" } };
        report = report with { Gate = new GateVerdict(0.05, [new GateRuleResult("RG1003", "clean_error <= 0.100", false, 0.2, null, 0.1, null, null, null, "a | b <i>")]) };

        var markdown = new MarkdownReportExporter().Render(report);
        var html = new HtmlReportExporter().Render(report);

        Assert.Contains("a \\| b <i>", markdown, StringComparison.Ordinal);
        Assert.Contains("net\\|<b>x</b>", markdown, StringComparison.Ordinal);
        Assert.Contains("net|&lt;b&gt;x&lt;/b&gt;", html, StringComparison.Ordinal);
        Assert.Contains("a | b &lt;i&gt;", html, StringComparison.Ordinal);
    }

    [Fact]
    public void Junit_has_one_testcase_per_rule_and_failure_message_is_the_rule_message()
    {
        var report = ReportFixtures.GatedSmallReport();

        var xml = System.Xml.Linq.XDocument.Parse(new JUnitReportExporter().Render(report));
        var cases = xml.Descendants("testcase").ToList();

        Assert.Equal(report.Gate.Rules.Count, cases.Count);
        foreach (var (testcase, rule) in cases.Zip(report.Gate.Rules))
        {
            Assert.Equal($"{rule.Id} {rule.Rule}", testcase.Attribute("name")!.Value);
            Assert.Equal(rule.Passed ? null : rule.Message, testcase.Element("failure")?.Attribute("message")!.Value);
        }
    }

    [Fact]
    public void Every_exporter_is_deterministic()
    {
        foreach (var exporter in ReportExporters.All)
        {
            Assert.Equal(exporter.Render(ReportFixtures.GatedSmallReport()), exporter.Render(ReportFixtures.GatedSmallReport()));
        }
    }
}
