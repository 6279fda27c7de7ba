using System.Globalization;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using RobustGate.Engine.Evaluation;
using RobustGate.Engine.Gating;
using RobustGate.Engine.Metrics;

namespace RobustGate.Engine.Reporting;

/// <summary>
/// Writes a report as <c>robustgate-report/1</c> JSON: fixed property order, snake_case names,
/// shortest round-trip numbers, invariant culture, two-space indentation and LF line endings, so
/// equal reports are equal bytes. Hand-written over <see cref="Utf8JsonWriter"/> rather than
/// reflection-based serialisation so the layout is explicit and cannot drift with a refactoring.
/// </summary>
public static class ReportJsonWriter
{
    private static readonly JsonWriterOptions Options = new()
    {
        Indented = true,
        NewLine = "\n",
        // Rule texts contain '<' and '>'; reports are files, not HTML, so keep them readable.
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };

    public static string ToJson(Report report)
    {
        using var stream = new MemoryStream();
        Write(report, stream);
        return Encoding.UTF8.GetString(stream.ToArray());
    }

    public static void Write(Report report, Stream stream)
    {
        ArgumentNullException.ThrowIfNull(report);
        using (var w = new Utf8JsonWriter(stream, Options))
        {
            w.WriteStartObject();
            w.WriteString("schema", Report.SchemaId);
            w.WriteString("tool_version", report.ToolVersion);
            w.WriteString("created_at", report.CreatedAt.ToUniversalTime().ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture));
            w.WriteNumber("duration_seconds", report.DurationSeconds);

            var summary = report.Summary;
            w.WriteStartObject("summary");
            WriteNullable(w, "clean_error", summary.CleanError);
            WriteNullable(w, "mean_corruption_error", summary.MeanCorruptionError);
            WriteNullable(w, "mce", summary.Mce);
            w.WriteString("verdict", summary.Verdict);
            w.WriteEndObject();

            WriteModel(w, report.Model);
            WriteData(w, report.Data);
            w.WriteNumber("seed", report.Seed);
            w.WriteString("profile", report.Profile);
            w.WriteString("device", report.Device);
            if (report.Shard is null)
            {
                w.WriteNull("shard");
            }
            else
            {
                w.WriteString("shard", report.Shard.ToString());
            }

            WriteBaseline(w, report.Baseline);
            w.WriteStartArray("settings");
            foreach (var s in report.Settings)
            {
                WriteSetting(w, s);
            }

            w.WriteEndArray();
            WriteMetrics(w, report.Metrics);
            WriteGate(w, report.Gate);
            w.WriteEndObject();
        }

        stream.WriteByte((byte)'\n');
    }

    private static void WriteModel(Utf8JsonWriter w, ModelInfo m)
    {
        w.WriteStartObject("model");
        w.WriteString("arch", m.Arch);
        WriteNullable(w, "weights", m.Weights);
        WriteNullable(w, "weights_sha256", m.WeightsSha256);
        w.WriteNumber("classes", m.Classes);
        WriteNumbers(w, "mean", m.Mean);
        WriteNumbers(w, "std", m.Std);
        w.WriteStartArray("input_size");
        foreach (var v in m.InputSize)
        {
            w.WriteNumberValue(v);
        }

        w.WriteEndArray();
        w.WriteEndObject();
    }

    private static void WriteData(Utf8JsonWriter w, DataInfo d)
    {
        w.WriteStartObject("data");
        w.WriteString("spec", d.Spec);
        WriteNullable(w, "description", d.Description);
        WriteNullable(w, "content_sha256", d.ContentSha256);
        w.WriteNumber("sample_count", d.SampleIndices.Count);
        w.WriteString("sample_indices", SampleIndexRanges.Format(d.SampleIndices));
        if (d.Limit is int limit)
        {
            w.WriteNumber("limit", limit);
        }
        else
        {
            w.WriteNull("limit");
        }

        w.WriteEndObject();
    }

    private static void WriteBaseline(Utf8JsonWriter w, BaselineTable? b)
    {
        if (b is null)
        {
            w.WriteNull("baseline");
            return;
        }

        w.WriteStartObject("baseline");
        w.WriteString("kind", BaselineKindText(b.Kind));
        w.WriteString("name", b.Name);
        WriteNullable(w, "source", b.Source);
        WriteNullable(w, "clean_error", b.CleanError);
        w.WriteStartArray("corruptions");
        foreach (var c in b.Corruptions)
        {
            w.WriteStartObject();
            w.WriteString("name", c.Name);
            var severities = c.SeverityErrors.Keys.Order().ToList();
            w.WriteStartArray("severities");
            foreach (var s in severities)
            {
                w.WriteNumberValue(s);
            }

            w.WriteEndArray();
            WriteNumbers(w, "errors", severities.Select(s => c.SeverityErrors[s]).ToList());
            WriteNullable(w, "mean_error", c.MeanError);
            w.WriteEndObject();
        }

        w.WriteEndArray();
        w.WriteEndObject();
    }

    private static void WriteSetting(Utf8JsonWriter w, SettingResult s)
    {
        w.WriteStartObject();
        w.WriteString("kind", SuiteKindText(s.Kind));
        w.WriteString("name", s.Name);
        w.WriteString("group", s.Group);
        if (s.Severity is int severity)
        {
            w.WriteNumber("severity", severity);
        }
        else
        {
            w.WriteNull("severity");
        }

        WriteNullable(w, "parameter", s.Parameter);
        w.WriteNumber("total", s.Total);
        w.WriteNumber("correct", s.CorrectCount);
        w.WriteNumber("error", s.Error);
        var interval = WilsonInterval.Compute(s.Errors, s.Total);
        WriteNumbers(w, "error_interval", [interval.Lower, interval.Upper]);
        w.WriteString("correct_bits", s.Correct.ToBase64());
        w.WriteEndObject();
    }

    private static void WriteMetrics(Utf8JsonWriter w, RobustnessMetrics m)
    {
        w.WriteStartObject("metrics");
        WriteNullable(w, "clean_error", m.CleanError);
        WriteNullable(w, "mean_corruption_error", m.MeanCorruptionError);
        WriteNullable(w, "mce", m.Mce);
        WriteNullable(w, "relative_mce", m.RelativeMce);
        w.WriteBoolean("mce_complete", m.MceComplete);
        w.WriteStartArray("mce_corruptions");
        foreach (var c in m.MceCorruptions)
        {
            w.WriteStringValue(c);
        }

        w.WriteEndArray();
        w.WriteStartArray("corruptions");
        foreach (var c in m.Corruptions)
        {
            w.WriteStartObject();
            w.WriteString("name", c.Name);
            w.WriteString("group", c.Group);
            w.WriteStartArray("severities");
            foreach (var s in c.Severities)
            {
                w.WriteNumberValue(s);
            }

            w.WriteEndArray();
            w.WriteNumber("mean_error", c.MeanError);
            WriteNullable(w, "baseline_error_sum", c.BaselineErrorSum);
            WriteNullable(w, "ce", c.Ce);
            WriteNullable(w, "relative_ce", c.RelativeCe);
            w.WriteEndObject();
        }

        w.WriteEndArray();
        w.WriteStartArray("groups");
        foreach (var g in m.Groups)
        {
            w.WriteStartObject();
            w.WriteString("group", g.Group);
            w.WriteNumber("settings", g.Settings);
            w.WriteNumber("mean_error", g.MeanError);
            w.WriteEndObject();
        }

        w.WriteEndArray();
        w.WriteStartArray("robust_accuracy");
        foreach (var r in m.RobustAccuracies)
        {
            w.WriteStartObject();
            w.WriteString("name", r.Name);
            w.WriteStartArray("attacks");
            foreach (var a in r.Attacks)
            {
                w.WriteStringValue(a);
            }

            w.WriteEndArray();
            w.WriteNumber("total", r.Total);
            w.WriteNumber("correct", r.Correct);
            w.WriteNumber("accuracy", r.Accuracy);
            WriteNumbers(w, "interval", [r.Interval.Lower, r.Interval.Upper]);
            w.WriteEndObject();
        }

        w.WriteEndArray();
        w.WriteEndObject();
    }

    private static void WriteGate(Utf8JsonWriter w, GateVerdict g)
    {
        w.WriteStartObject("gate");
        w.WriteString("verdict", g.Verdict);
        w.WriteNumber("significance", g.Significance);
        w.WriteStartArray("rules");
        foreach (var r in g.Rules)
        {
            w.WriteStartObject();
            w.WriteString("id", r.Id);
            w.WriteString("rule", r.Rule);
            w.WriteBoolean("passed", r.Passed);
            WriteNullable(w, "observed", r.Observed);
            WriteNullable(w, "baseline", r.Baseline);
            w.WriteNumber("threshold", r.Threshold);
            WriteNullable(w, "delta", r.Delta);
            WriteNullable(w, "p_value", r.PValue);
            if (r.Significant is bool significant)
            {
                w.WriteBoolean("significant", significant);
            }
            else
            {
                w.WriteNull("significant");
            }

            w.WriteString("message", r.Message);
            w.WriteEndObject();
        }

        w.WriteEndArray();
        w.WriteEndObject();
    }

    internal static string SuiteKindText(SuiteKind kind) => kind switch
    {
        SuiteKind.Clean => "clean",
        SuiteKind.Corruption => "corruption",
        SuiteKind.Noise => "noise",
        _ => "attack",
    };

    internal static string BaselineKindText(BaselineKind kind) => kind switch
    {
        BaselineKind.AlexNet => "alexnet",
        BaselineKind.Report => "report",
        _ => "model",
    };

    private static void WriteNullable(Utf8JsonWriter w, string name, double? value)
    {
        if (value is double v)
        {
            w.WriteNumber(name, v);
        }
        else
        {
            w.WriteNull(name);
        }
    }

    private static void WriteNullable(Utf8JsonWriter w, string name, string? value)
    {
        if (value is null)
        {
            w.WriteNull(name);
        }
        else
        {
            w.WriteString(name, value);
        }
    }

    private static void WriteNumbers(Utf8JsonWriter w, string name, IReadOnlyList<double> values)
    {
        w.WriteStartArray(name);
        foreach (var v in values)
        {
            w.WriteNumberValue(v);
        }

        w.WriteEndArray();
    }
}
