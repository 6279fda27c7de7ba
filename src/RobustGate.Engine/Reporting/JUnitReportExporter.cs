using System.Globalization;
using System.Text;
using System.Xml;

namespace RobustGate.Engine.Reporting;

/// <summary>
/// JUnit XML with one test case per gate rule (named by RG code and rule text); a failed rule is a
/// <c>failure</c> whose message is the rule's message, so CI test tabs show regressions as failing tests.
/// </summary>
public sealed class JUnitReportExporter : IReportExporter
{
    public string Format => "junit";

    public string Extension => "junit.xml";

    public string Render(Report report)
    {
        ArgumentNullException.ThrowIfNull(report);
        var settings = new XmlWriterSettings
        {
            Indent = true,
            IndentChars = "  ",
            NewLineChars = "\n",
            NewLineHandling = NewLineHandling.Replace,
            Encoding = new UTF8Encoding(encoderShouldEmitUTF8Identifier: false),
        };
        using var stream = new MemoryStream();
        using (var x = XmlWriter.Create(stream, settings))
        {
            var rules = report.Gate.Rules;
            var failures = rules.Count(r => !r.Passed).ToString(CultureInfo.InvariantCulture);
            var tests = rules.Count.ToString(CultureInfo.InvariantCulture);
            var time = report.DurationSeconds.ToString("0.###", CultureInfo.InvariantCulture);
            x.WriteStartDocument();
            x.WriteStartElement("testsuites");
            x.WriteAttributeString("name", "robustgate");
            x.WriteAttributeString("tests", tests);
            x.WriteAttributeString("failures", failures);
            x.WriteAttributeString("errors", "0");
            x.WriteAttributeString("time", time);
            x.WriteStartElement("testsuite");
            x.WriteAttributeString("name", $"robustgate.{report.Model.Arch}");
            x.WriteAttributeString("tests", tests);
            x.WriteAttributeString("failures", failures);
            x.WriteAttributeString("errors", "0");
            x.WriteAttributeString("skipped", "0");
            x.WriteAttributeString("time", time);
            x.WriteAttributeString("timestamp", report.CreatedAt.ToUniversalTime().ToString("yyyy-MM-dd'T'HH:mm:ss", CultureInfo.InvariantCulture));
            x.WriteStartElement("properties");
            WriteProperty(x, "data", report.Data.Spec);
            WriteProperty(x, "samples", report.Data.SampleIndices.Count.ToString(CultureInfo.InvariantCulture));
            WriteProperty(x, "seed", report.Seed.ToString(CultureInfo.InvariantCulture));
            WriteProperty(x, "verdict", report.Gate.Verdict);
            x.WriteEndElement();
            foreach (var r in rules)
            {
                x.WriteStartElement("testcase");
                x.WriteAttributeString("classname", "robustgate.gate");
                x.WriteAttributeString("name", $"{r.Id} {r.Rule}");
                x.WriteAttributeString("time", "0");
                if (!r.Passed)
                {
                    x.WriteStartElement("failure");
                    x.WriteAttributeString("message", r.Message);
                    x.WriteAttributeString("type", r.Id);
                    x.WriteString(r.Message);
                    x.WriteEndElement();
                }
                else
                {
                    x.WriteElementString("system-out", r.Message);
                }

                x.WriteEndElement();
            }

            x.WriteEndElement();
            x.WriteEndElement();
            x.WriteEndDocument();
        }

        return Encoding.UTF8.GetString(stream.ToArray()) + "\n";
    }

    private static void WriteProperty(XmlWriter x, string name, string value)
    {
        x.WriteStartElement("property");
        x.WriteAttributeString("name", name);
        x.WriteAttributeString("value", value);
        x.WriteEndElement();
    }
}
