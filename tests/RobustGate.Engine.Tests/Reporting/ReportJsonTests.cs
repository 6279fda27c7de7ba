using RobustGate.Engine.Reporting;

namespace RobustGate.Engine.Tests.Reporting;

public class ReportJsonTests
{
    [Fact]
    public void Round_trip_reproduces_the_same_bytes()
    {
        var report = ReportFixtures.GatedSmallReport();
        var json = ReportJsonWriter.ToJson(report);

        var back = ReportJsonReader.Parse(json, "report.json");

        Assert.Equal(json, ReportJsonWriter.ToJson(back));
        Assert.Equal(report.Summary, back.Summary);
        Assert.DoesNotContain("\r", json, StringComparison.Ordinal);
    }

    [Fact]
    public void Summary_holds_the_headline_fractions_and_verdict()
    {
        var report = ReportFixtures.GatedSmallReport();

        using var doc = System.Text.Json.JsonDocument.Parse(ReportJsonWriter.ToJson(report));
        var summary = doc.RootElement.GetProperty("summary");

        Assert.Equal(report.Metrics.CleanError, summary.GetProperty("clean_error").GetDouble());
        Assert.Equal(report.Metrics.MeanCorruptionError, summary.GetProperty("mean_corruption_error").GetDouble());
        Assert.Equal(report.Metrics.Mce, summary.GetProperty("mce").GetDouble());
        Assert.Equal("fail", summary.GetProperty("verdict").GetString());
    }

    [Fact]
    public void Unknown_schema_version_names_the_file_and_field()
    {
        var json = ReportJsonWriter.ToJson(ReportFixtures.SmallReport()).Replace("robustgate-report/1", "robustgate-report/9", StringComparison.Ordinal);

        var error = Assert.Throws<InvalidInputException>(() => ReportJsonReader.Parse(json, "old.json"));

        Assert.StartsWith("old.json: $.schema: expected \"robustgate-report/1\"", error.Message, StringComparison.Ordinal);
        Assert.Equal(ExitCodes.BadInput, error.ExitCode);
    }

    [Theory]
    [InlineData("\"seed\": 1234", "\"seed\": \"x\"", "$.seed: expected a number, found a string")]
    [InlineData("\"sample_count\": 40", "\"sample_count\": 41", "$.data.sample_count: expected 40")]
    [InlineData("\"kind\": \"clean\"", "\"kind\": \"dirty\"", "$.settings[0].kind: expected \"clean\"")]
    [InlineData("\"device\": \"cpu\",", "", "$.device: expected this field, it is missing")]
    public void Malformed_fields_are_named(string find, string replace, string expected)
    {
        var json = ReportJsonWriter.ToJson(ReportFixtures.SmallReport());
        Assert.Contains(find, json, StringComparison.Ordinal);

        var error = Assert.Throws<InvalidInputException>(() => ReportJsonReader.Parse(json.Replace(find, replace, StringComparison.Ordinal), "r.json"));

        Assert.Contains(expected, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Bits_that_disagree_with_the_count_are_rejected()
    {
        var report = ReportFixtures.SmallReport();
        var json = ReportJsonWriter.ToJson(report);
        var correct = report.Settings[0].CorrectCount;

        var error = Assert.Throws<InvalidInputException>(() => ReportJsonReader.Parse(
            json.Replace($"\"correct\": {correct},", $"\"correct\": {correct + 1},", StringComparison.Ordinal), "r.json"));

        Assert.Contains("$.settings[0].correct", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Summary_that_disagrees_with_the_settings_is_rejected()
    {
        var report = ReportFixtures.SmallReport();
        var json = ReportJsonWriter.ToJson(report);
        var stored = $"\"clean_error\": {report.Metrics.CleanError!.Value.ToString("R", System.Globalization.CultureInfo.InvariantCulture)},";

        var error = Assert.Throws<InvalidInputException>(() => ReportJsonReader.Parse(ReplaceFirst(json, stored, "\"clean_error\": 0.01,"), "r.json"));

        Assert.Contains("$.summary.clean_error: expected 0.1 (recomputed from the settings), found 0.01", error.Message, StringComparison.Ordinal);
    }

    private static string ReplaceFirst(string text, string find, string replace)
    {
        var i = text.IndexOf(find, StringComparison.Ordinal);
        Assert.True(i >= 0, $"\"{find}\" not in the report");
        return string.Concat(text.AsSpan(0, i), replace, text.AsSpan(i + find.Length));
    }

    [Fact]
    public void Not_json_is_invalid_input()
    {
        var error = Assert.Throws<InvalidInputException>(() => ReportJsonReader.Parse("{ nope", "broken.json"));

        Assert.StartsWith("broken.json: not valid JSON", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Sample_index_ranges_round_trip_compactly()
    {
        int[] indices = [0, 1, 2, 3, 7, 9, 10, 11];

        Assert.Equal("0-3,7,9-11", SampleIndexRanges.Format(indices));
        Assert.Equal(indices, SampleIndexRanges.Parse("0-3,7,9-11"));
        Assert.Throws<FormatException>(() => SampleIndexRanges.Parse("5-3"));
        Assert.Throws<FormatException>(() => SampleIndexRanges.Parse("3,2"));
    }
}
