using RobustGate.Engine.Gating;
using RobustGate.Engine.Reporting;

namespace RobustGate.Engine.Tests.Reporting;

public class ReportMergerTests
{
    private const int Samples = 103; // not a multiple of the shard count, so blocks differ in size

    private static Report Gated(Report report, Report? baseline) =>
        report with { Gate = GatePolicy.FromStrings(["mce increase vs baseline <= 0.01", "clean_error <= 0.3"]).Evaluate(report, baseline) };

    /// <summary>Cuts a whole-run report into shard reports with the shared slicing rule.</summary>
    private static List<Report> Shards(Report whole, int count, Report? baseline, double[] durations)
    {
        var shards = new List<Report>();
        for (var k = 1; k <= count; k++)
        {
            var spec = new ShardSpec(k, count);
            var (start, end) = spec.Range(whole.Data.SampleIndices.Count);
            var shard = Report.Create(
                whole.ToolVersion, whole.CreatedAt, durations[k - 1], whole.Model,
                whole.Data with { SampleIndices = spec.Select(whole.Data.SampleIndices) },
                whole.Seed, whole.Profile, whole.Device, spec, whole.Baseline,
                whole.Settings.Select(s => s with { Correct = s.Correct.Slice(start, end - start) }).ToList());
            shards.Add(Gated(shard, baseline));
        }

        return shards;
    }

    [Fact]
    public void Merged_shards_equal_the_unsharded_report_byte_for_byte()
    {
        var baseline = ReportFixtures.SmallReport(Samples, shift: -0.05);
        var whole = Gated(ReportFixtures.SmallReport(Samples), baseline) with { DurationSeconds = 4.0 };
        var shards = Shards(whole, 3, baseline, [1.5, 2.25, 0.25]);

        // Shards in any order, merged against the same baseline report.
        var merged = ReportMerger.Merge([shards[2], shards[0], shards[1]], baseline);

        Assert.Equal(ReportJsonWriter.ToJson(whole), ReportJsonWriter.ToJson(merged));
    }

    [Fact]
    public void Shard_slicing_is_contiguous_and_covers_every_sample_once()
    {
        var indices = Enumerable.Range(0, 10).Select(i => i * 3).ToList();

        var parts = Enumerable.Range(1, 4).Select(k => ShardSpec.Parse($"{k}/4").Select(indices)).ToList();

        Assert.Equal(indices, parts.SelectMany(p => p));
        Assert.Equal([2, 3, 2, 3], parts.Select(p => p.Count));
    }

    [Theory]
    [InlineData("0/3")]
    [InlineData("4/3")]
    [InlineData("1-3")]
    [InlineData("a/b")]
    public void Bad_shard_specs_are_configuration_errors(string text)
    {
        var error = Assert.Throws<ConfigurationException>(() => ShardSpec.Parse(text));

        Assert.StartsWith("shard: expected k/N", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Missing_and_duplicate_shards_are_reported()
    {
        var whole = ReportFixtures.SmallReport(Samples);
        var shards = Shards(whole, 3, null, [1, 1, 1]);

        Assert.Contains("missing shard 2/3", Assert.Throws<InvalidInputException>(() => ReportMerger.Merge([shards[0], shards[2]])).Message, StringComparison.Ordinal);
        Assert.Contains("shard 1/3 given more than once", Assert.Throws<InvalidInputException>(() => ReportMerger.Merge([shards[0], shards[0], shards[1], shards[2]])).Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Shards_of_different_models_or_seeds_do_not_merge()
    {
        var shards = Shards(ReportFixtures.SmallReport(Samples), 2, null, [1, 1]);

        var otherModel = shards[1] with { Model = shards[1].Model with { WeightsSha256 = "0000" } };
        var otherSeed = shards[1] with { Seed = 7 };

        Assert.Contains("disagrees with shard 1/2 on the model", Assert.Throws<InvalidInputException>(() => ReportMerger.Merge([shards[0], otherModel])).Message, StringComparison.Ordinal);
        Assert.Contains("on the seed", Assert.Throws<InvalidInputException>(() => ReportMerger.Merge([shards[0], otherSeed])).Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Overlapping_shards_are_reported()
    {
        var whole = ReportFixtures.SmallReport(Samples);
        var shards = Shards(whole, 2, null, [1, 1]);
        // Shard 2 re-labelled to start inside shard 1's block.
        var overlapping = shards[1] with { Data = shards[1].Data with { SampleIndices = shards[1].Data.SampleIndices.Select(i => i - 5).ToList() } };

        var error = Assert.Throws<InvalidInputException>(() => ReportMerger.Merge([shards[0], overlapping]));

        Assert.Contains("overlaps", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Merging_files_names_the_file_of_each_shard_in_errors()
    {
        var folder = Directory.CreateTempSubdirectory("rg-merge-").FullName;
        try
        {
            var shards = Shards(ReportFixtures.SmallReport(Samples), 3, null, [1, 2, 3]);
            var paths = shards.Select((r, i) => Path.Combine(folder, $"shard{i + 1}.json")).ToList();
            foreach (var (report, path) in shards.Zip(paths))
            {
                ReportExporters.WriteFile(new JsonReportExporter(), report, path);
            }

            var merged = ReportMerger.MergeFiles(paths);
            var error = Assert.Throws<InvalidInputException>(() => ReportMerger.MergeFiles([paths[0], paths[2]]));

            Assert.Equal(Samples, merged.Data.SampleIndices.Count);
            Assert.Equal(6.0, merged.DurationSeconds);
            Assert.Equal("merge: missing shard 2/3 [shard1.json = shard 1/3, shard3.json = shard 3/3]", error.Message);
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }
}
