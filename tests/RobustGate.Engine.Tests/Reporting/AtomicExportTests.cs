using RobustGate.Engine.IO;
using RobustGate.Engine.Reporting;

namespace RobustGate.Engine.Tests.Reporting;

public class AtomicExportTests
{
    [Fact]
    public void Failing_exporter_leaves_the_old_file_intact_and_no_temporary_file()
    {
        var folder = Directory.CreateTempSubdirectory("rg-atomic-").FullName;
        try
        {
            var path = Path.Combine(folder, "report.md");
            File.WriteAllText(path, "old content");

            Assert.Throws<InvalidOperationException>(() => ReportExporters.WriteFile(new ThrowingExporter(), ReportFixtures.SmallReport(), path));

            Assert.Equal("old content", File.ReadAllText(path));
            Assert.Equal([path], Directory.GetFiles(folder));
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    [Fact]
    public void Failure_while_streaming_also_keeps_the_old_file()
    {
        var folder = Directory.CreateTempSubdirectory("rg-atomic-").FullName;
        try
        {
            var path = Path.Combine(folder, "report.json");
            File.WriteAllText(path, "old");

            Assert.Throws<IOException>(() => AtomicFile.Write(path, stream =>
            {
                stream.Write("partial new"u8);
                throw new IOException("disk full");
            }));

            Assert.Equal("old", File.ReadAllText(path));
            Assert.Single(Directory.GetFiles(folder));
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    [Fact]
    public void Write_all_replaces_every_format()
    {
        var folder = Directory.CreateTempSubdirectory("rg-atomic-").FullName;
        try
        {
            var report = ReportFixtures.SmallReport();

            var written = ReportExporters.WriteAll(report, folder, "robustgate", ReportExporters.FormatNames);

            Assert.Equal(["robustgate.json", "robustgate.md", "robustgate.junit.xml", "robustgate.html"], written.Select(Path.GetFileName));
            Assert.Equal(ReportJsonWriter.ToJson(report), File.ReadAllText(written[0]));
            Assert.Throws<ConfigurationException>(() => ReportExporters.Get("pdf"));
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    private sealed class ThrowingExporter : IReportExporter
    {
        public string Format => "broken";

        public string Extension => "md";

        public string Render(Report report) => throw new InvalidOperationException("renderer bug");
    }
}
