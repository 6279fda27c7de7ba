namespace RobustGate.Tasks.Tests.Tasks;

public sealed class GateReportReaderTests
{
    [Fact]
    public void Reads_the_committed_sample_baseline()
    {
        var path = Path.Combine(TestSupport.TestPaths.Samples, "ModelProject", "baseline", "report.json");
        var outcome = GateReportReader.ReadFile(path);
        Assert.Equal("pass", outcome.Verdict);
        Assert.NotNull(outcome.CleanError);
        Assert.NotNull(outcome.MeanCorruptionError);
        Assert.Empty(outcome.FailedRules);
    }

    [Theory]
    [InlineData("{\"schema\": \"robustgate-report/2\"}", "$.schema: expected \"robustgate-report/1\", found \"robustgate-report/2\"")]
    [InlineData("{\"schema\": \"robustgate-report/1\", \"summary\": {}}", "$.gate: expected an object")]
    [InlineData("{\"schema\": \"robustgate-report/1\", \"summary\": {\"mce\": \"high\"}, \"gate\": {\"verdict\": \"pass\"}}", "$.summary.mce: expected a number or null")]
    [InlineData("{\"schema\": \"robustgate-report/1\", \"summary\": {}, \"gate\": {\"verdict\": \"fail\", \"rules\": [{\"passed\": false}]}}", "$.gate.rules[0].id: expected a non-empty string")]
    [InlineData("[1, 2", "not valid JSON")]
    public void Bad_reports_are_errors_naming_the_file_and_the_field(string json, string expected)
    {
        var e = Assert.Throws<InvalidDataException>(() => GateReportReader.Parse(json, "r.json"));
        Assert.StartsWith("r.json: ", e.Message, StringComparison.Ordinal);
        Assert.Contains(expected, e.Message, StringComparison.Ordinal);
    }
}
