using System.Text.Json;

namespace RobustGate.Tasks;

/// <summary>
/// Reads the parts of report.json (schema robustgate-report/1) that MSBuild needs. Errors name the
/// file and the field, as every RobustGate input error does.
/// </summary>
internal static class GateReportReader
{
    public const string Schema = "robustgate-report/1";

    public static GateOutcome ReadFile(string path)
    {
        string text;
        try
        {
            text = File.ReadAllText(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new InvalidDataException($"{path}: cannot read the report: {e.Message}", e);
        }

        return Parse(text, path);
    }

    public static GateOutcome Parse(string json, string file)
    {
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(json);
        }
        catch (JsonException e)
        {
            throw new InvalidDataException($"{file}: not valid JSON: {e.Message}", e);
        }

        using (document)
        {
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object)
            {
                throw new InvalidDataException($"{file}: $: expected a robustgate-report/1 object");
            }

            var schema = root.TryGetProperty("schema", out var s) && s.ValueKind == JsonValueKind.String ? s.GetString() : null;
            if (schema != Schema)
            {
                throw new InvalidDataException($"{file}: $.schema: expected \"{Schema}\", found {(schema is null ? "nothing" : $"\"{schema}\"")}");
            }

            var summary = RequiredObject(root, "summary", "$", file);
            var gate = RequiredObject(root, "gate", "$", file);
            var verdict = gate.TryGetProperty("verdict", out var v) && v.ValueKind == JsonValueKind.String
                ? v.GetString()!
                : throw new InvalidDataException($"{file}: $.gate.verdict: expected a string (\"pass\" or \"fail\")");
            var failed = new List<FailedGateRule>();
            if (gate.TryGetProperty("rules", out var rules))
            {
                if (rules.ValueKind != JsonValueKind.Array)
                {
                    throw new InvalidDataException($"{file}: $.gate.rules: expected an array");
                }

                var index = 0;
                foreach (var rule in rules.EnumerateArray())
                {
                    var where = $"$.gate.rules[{index++}]";
                    if (rule.ValueKind != JsonValueKind.Object)
                    {
                        throw new InvalidDataException($"{file}: {where}: expected an object");
                    }

                    var passed = rule.TryGetProperty("passed", out var p) && p.ValueKind is JsonValueKind.True or JsonValueKind.False
                        ? p.GetBoolean()
                        : throw new InvalidDataException($"{file}: {where}.passed: expected true or false");
                    if (!passed)
                    {
                        failed.Add(new FailedGateRule(
                            RequiredString(rule, "id", where, file),
                            OptionalString(rule, "rule") ?? string.Empty,
                            OptionalString(rule, "message") ?? string.Empty));
                    }
                }
            }

            return new GateOutcome(
                verdict,
                OptionalNumber(summary, "clean_error", "$.summary", file),
                OptionalNumber(summary, "mean_corruption_error", "$.summary", file),
                OptionalNumber(summary, "mce", "$.summary", file),
                failed);
        }
    }

    private static JsonElement RequiredObject(JsonElement parent, string name, string where, string file) =>
        parent.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.Object
            ? value
            : throw new InvalidDataException($"{file}: {where}.{name}: expected an object");

    private static string RequiredString(JsonElement parent, string name, string where, string file) =>
        parent.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String && value.GetString() is { Length: > 0 } text
            ? text
            : throw new InvalidDataException($"{file}: {where}.{name}: expected a non-empty string");

    private static string? OptionalString(JsonElement parent, string name) =>
        parent.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;

    private static double? OptionalNumber(JsonElement parent, string name, string where, string file)
    {
        if (!parent.TryGetProperty(name, out var value) || value.ValueKind == JsonValueKind.Null)
        {
            return null;
        }

        return value.ValueKind == JsonValueKind.Number
            ? value.GetDouble()
            : throw new InvalidDataException($"{file}: {where}.{name}: expected a number or null");
    }
}
