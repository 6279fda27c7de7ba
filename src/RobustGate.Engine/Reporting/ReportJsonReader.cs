using System.Globalization;
using System.Text.Json;
using RobustGate.Engine.Evaluation;
using RobustGate.Engine.Gating;
using RobustGate.Engine.Metrics;

namespace RobustGate.Engine.Reporting;

/// <summary>
/// Reads <c>robustgate-report/1</c> JSON back into a <see cref="Report"/>. Every problem is an
/// <see cref="InvalidInputException"/> naming the file and the JSON path, e.g.
/// <c>old.json: $.settings[3].correct_bits: expected base64 of 125 bytes for 1000 samples</c>.
/// Metrics are recomputed from the settings and the stored baseline table rather than trusted,
/// so a report whose numbers disagree with its own bits cannot pass as valid.
/// </summary>
public static class ReportJsonReader
{
    public static Report ReadFile(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        string text;
        try
        {
            text = File.ReadAllText(path);
        }
        catch (IOException e)
        {
            throw new InvalidInputException($"cannot read the report: {e.Message}", path, e);
        }
        catch (UnauthorizedAccessException e)
        {
            throw new InvalidInputException($"cannot read the report: {e.Message}", path, e);
        }

        return Parse(text, path);
    }

    /// <summary>Parses report JSON; <paramref name="file"/> names the source in error messages.</summary>
    public static Report Parse(string json, string file)
    {
        ArgumentNullException.ThrowIfNull(json);
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(json);
        }
        catch (JsonException e)
        {
            throw new InvalidInputException($"not valid JSON (line {e.LineNumber + 1}): {e.Message}", file, e);
        }

        using (document)
        {
            var r = new JsonReaderContext(file);
            var root = document.RootElement;
            r.ExpectKind(root, JsonValueKind.Object, "$");
            var schema = r.String(root, "$", "schema");
            if (schema != Report.SchemaId)
            {
                throw r.Error("$.schema", $"expected \"{Report.SchemaId}\", found \"{schema}\" (a report from a newer or unrelated tool)");
            }

            var createdText = r.String(root, "$", "created_at");
            if (!DateTimeOffset.TryParse(createdText, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out var createdAt))
            {
                throw r.Error("$.created_at", $"expected an ISO 8601 UTC time, found \"{createdText}\"");
            }

            var data = ReadData(r, r.Object(root, "$", "data"));
            var baseline = ReadBaseline(r, root);
            var settingsArray = r.Array(root, "$", "settings");
            var settings = new List<SettingResult>();
            var index = 0;
            foreach (var s in settingsArray.EnumerateArray())
            {
                settings.Add(ReadSetting(r, s, $"$.settings[{index++}]", data.SampleIndices.Count));
            }

            string? shardText = r.OptionalString(root, "$", "shard");
            ShardSpec? shard = null;
            if (shardText is not null)
            {
                try
                {
                    shard = ShardSpec.Parse(shardText);
                }
                catch (ConfigurationException)
                {
                    throw r.Error("$.shard", $"expected \"k/N\" with 1 <= k <= N, found \"{shardText}\"");
                }
            }

            Report report;
            try
            {
                report = Report.Create(
                    r.String(root, "$", "tool_version"),
                    createdAt,
                    r.Number(root, "$", "duration_seconds"),
                    ReadModel(r, r.Object(root, "$", "model")),
                    data,
                    r.Long(root, "$", "seed"),
                    r.String(root, "$", "profile"),
                    r.String(root, "$", "device"),
                    shard,
                    baseline,
                    settings);
            }
            catch (ArgumentException e)
            {
                throw r.Error("$.settings", e.Message);
            }

            r.Object(root, "$", "metrics");
            report = report with { Gate = ReadGate(r, r.Object(root, "$", "gate")) };
            CheckSummary(r, r.Object(root, "$", "summary"), report.Summary);
            return report;
        }
    }

    /// <summary>The stored summary must equal the one recomputed from the bits (numbers are written round-trip, so exactly).</summary>
    private static void CheckSummary(JsonReaderContext r, JsonElement summary, ReportSummary expected)
    {
        void Check(string name, double? value)
        {
            var stored = r.OptionalNumber(summary, "$.summary", name);
            if (stored != value)
            {
                throw r.Error($"$.summary.{name}", $"expected {value?.ToString("R", CultureInfo.InvariantCulture) ?? "null"} (recomputed from the settings), found {stored?.ToString("R", CultureInfo.InvariantCulture) ?? "null"}");
            }
        }

        Check("clean_error", expected.CleanError);
        Check("mean_corruption_error", expected.MeanCorruptionError);
        Check("mce", expected.Mce);
        var verdict = r.String(summary, "$.summary", "verdict");
        if (verdict != expected.Verdict)
        {
            throw r.Error("$.summary.verdict", $"expected \"{expected.Verdict}\" (the gate's verdict), found \"{verdict}\"");
        }
    }

    private static ModelInfo ReadModel(JsonReaderContext r, JsonElement m) => new(
        r.String(m, "$.model", "arch"),
        r.OptionalString(m, "$.model", "weights"),
        r.OptionalString(m, "$.model", "weights_sha256"),
        r.Int(m, "$.model", "classes"),
        r.Numbers(m, "$.model", "mean"),
        r.Numbers(m, "$.model", "std"),
        r.Numbers(m, "$.model", "input_size").Select((v, i) => v == Math.Floor(v) ? (int)v : throw r.Error($"$.model.input_size[{i}]", $"expected an integer, found {v}")).ToList());

    private static DataInfo ReadData(JsonReaderContext r, JsonElement d)
    {
        var rangesText = r.String(d, "$.data", "sample_indices");
        IReadOnlyList<int> indices;
        try
        {
            indices = SampleIndexRanges.Parse(rangesText);
        }
        catch (FormatException e)
        {
            throw r.Error("$.data.sample_indices", $"expected ascending runs such as \"0-99,200\": {e.Message}");
        }

        var count = r.Int(d, "$.data", "sample_count");
        if (count != indices.Count)
        {
            throw r.Error("$.data.sample_count", $"expected {indices.Count} (the number of sample_indices), found {count}");
        }

        var limitElement = r.Property(d, "$.data", "limit");
        int? limit = limitElement.ValueKind == JsonValueKind.Null ? null : r.Int(d, "$.data", "limit");
        return new DataInfo(r.String(d, "$.data", "spec"), r.OptionalString(d, "$.data", "description"), r.OptionalString(d, "$.data", "content_sha256"), indices, limit);
    }

    private static BaselineTable? ReadBaseline(JsonReaderContext r, JsonElement root)
    {
        var b = r.Property(root, "$", "baseline");
        if (b.ValueKind == JsonValueKind.Null)
        {
            return null;
        }

        r.ExpectKind(b, JsonValueKind.Object, "$.baseline");
        var kindText = r.String(b, "$.baseline", "kind");
        var kind = kindText switch
        {
            "alexnet" => BaselineKind.AlexNet,
            "report" => BaselineKind.Report,
            "model" => BaselineKind.Model,
            _ => throw r.Error("$.baseline.kind", $"expected \"alexnet\", \"report\" or \"model\", found \"{kindText}\""),
        };
        var rows = new List<BaselineCorruption>();
        var i = 0;
        foreach (var c in r.Array(b, "$.baseline", "corruptions").EnumerateArray())
        {
            var path = $"$.baseline.corruptions[{i++}]";
            r.ExpectKind(c, JsonValueKind.Object, path);
            var severities = r.Numbers(c, path, "severities");
            var errors = r.Numbers(c, path, "errors");
            if (severities.Count != errors.Count)
            {
                throw r.Error($"{path}.errors", $"expected {severities.Count} errors (one per severity), found {errors.Count}");
            }

            var map = new SortedDictionary<int, double>();
            for (var k = 0; k < severities.Count; k++)
            {
                if (severities[k] is not (1 or 2 or 3 or 4 or 5))
                {
                    throw r.Error($"{path}.severities[{k}]", $"expected an integer from 1 to 5, found {severities[k].ToString(CultureInfo.InvariantCulture)}");
                }

                map[(int)severities[k]] = r.Fraction(errors[k], $"{path}.errors[{k}]");
            }

            var meanElement = r.Property(c, path, "mean_error");
            double? mean = meanElement.ValueKind == JsonValueKind.Null ? null : r.Fraction(r.Number(c, path, "mean_error"), $"{path}.mean_error");
            rows.Add(new BaselineCorruption(r.String(c, path, "name"), map, mean));
        }

        var cleanElement = r.Property(b, "$.baseline", "clean_error");
        double? clean = cleanElement.ValueKind == JsonValueKind.Null ? null : r.Fraction(r.Number(b, "$.baseline", "clean_error"), "$.baseline.clean_error");
        return new BaselineTable(kind, r.String(b, "$.baseline", "name"), r.OptionalString(b, "$.baseline", "source"), clean, rows);
    }

    private static SettingResult ReadSetting(JsonReaderContext r, JsonElement s, string path, int sampleCount)
    {
        r.ExpectKind(s, JsonValueKind.Object, path);
        var kindText = r.String(s, path, "kind");
        var kind = kindText switch
        {
            "clean" => SuiteKind.Clean,
            "corruption" => SuiteKind.Corruption,
            "noise" => SuiteKind.Noise,
            "attack" => SuiteKind.Attack,
            _ => throw r.Error($"{path}.kind", $"expected \"clean\", \"corruption\", \"noise\" or \"attack\", found \"{kindText}\""),
        };
        var severityElement = r.Property(s, path, "severity");
        int? severity = severityElement.ValueKind == JsonValueKind.Null ? null : r.Int(s, path, "severity");
        var parameterElement = r.Property(s, path, "parameter");
        double? parameter = parameterElement.ValueKind == JsonValueKind.Null ? null : r.Number(s, path, "parameter");
        var total = r.Int(s, path, "total");
        if (total != sampleCount)
        {
            throw r.Error($"{path}.total", $"expected {sampleCount} (the report's sample_count), found {total}");
        }

        CorrectnessBits bits;
        try
        {
            bits = CorrectnessBits.FromBase64(r.String(s, path, "correct_bits"), total);
        }
        catch (FormatException e)
        {
            throw r.Error($"{path}.correct_bits", $"expected base64 of {(total + 7) / 8} bytes for {total} samples: {e.Message}");
        }

        var correct = r.Int(s, path, "correct");
        if (correct != bits.CorrectCount)
        {
            throw r.Error($"{path}.correct", $"expected {bits.CorrectCount} (the number of set correct_bits), found {correct}");
        }

        return new SettingResult(kind, r.String(s, path, "name"), r.String(s, path, "group"), severity, parameter, bits);
    }

    private static GateVerdict ReadGate(JsonReaderContext r, JsonElement g)
    {
        var significance = r.Number(g, "$.gate", "significance");
        var rules = new List<GateRuleResult>();
        var i = 0;
        foreach (var e in r.Array(g, "$.gate", "rules").EnumerateArray())
        {
            var path = $"$.gate.rules[{i++}]";
            r.ExpectKind(e, JsonValueKind.Object, path);
            var significant = r.Property(e, path, "significant");
            rules.Add(new GateRuleResult(
                r.String(e, path, "id"),
                r.String(e, path, "rule"),
                r.Bool(e, path, "passed"),
                r.OptionalNumber(e, path, "observed"),
                r.OptionalNumber(e, path, "baseline"),
                r.Number(e, path, "threshold"),
                r.OptionalNumber(e, path, "delta"),
                r.OptionalNumber(e, path, "p_value"),
                significant.ValueKind == JsonValueKind.Null ? null : r.Bool(e, path, "significant"),
                r.String(e, path, "message")));
        }

        var verdict = new GateVerdict(significance, rules);
        var stated = r.String(g, "$.gate", "verdict");
        if (stated != verdict.Verdict)
        {
            throw r.Error("$.gate.verdict", $"expected \"{verdict.Verdict}\" (from the rule results), found \"{stated}\"");
        }

        return verdict;
    }
}
