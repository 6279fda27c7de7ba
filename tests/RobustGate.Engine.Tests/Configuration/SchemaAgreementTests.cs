using System.Text.Json;
using RobustGate.Engine.Configuration;
using RobustGate.Engine.Tests.TestSupport;

namespace RobustGate.Engine.Tests.Configuration;

/// <summary>
/// schemas/robustgate.schema.json and the loader must accept exactly the same keys at every level,
/// and the full example configuration must use every one of them (so the loader's own check that it
/// consumed every present key covers the whole shape).
/// </summary>
public class SchemaAgreementTests
{
    private static readonly string SchemaPath = Path.Combine(SharedData.RepositoryRoot, "schemas", "robustgate.schema.json");

    [Fact]
    public void Schema_properties_equal_the_loader_shape_recursively()
    {
        using var schema = JsonDocument.Parse(File.ReadAllText(SchemaPath));

        var differences = new List<string>();
        Compare(schema.RootElement, schema.RootElement, ConfigShape.Root, "$", differences);

        Assert.Empty(differences);
    }

    [Fact]
    public void Schema_is_draft_2020_12_and_closed()
    {
        using var schema = JsonDocument.Parse(File.ReadAllText(SchemaPath));

        Assert.Equal("https://json-schema.org/draft/2020-12/schema", schema.RootElement.GetProperty("$schema").GetString());
        Assert.False(schema.RootElement.GetProperty("additionalProperties").GetBoolean());
    }

    [Fact]
    public void Schema_enums_match_the_loaders_lists()
    {
        using var schema = JsonDocument.Parse(File.ReadAllText(SchemaPath));
        var root = schema.RootElement.GetProperty("properties");
        var names = root.GetProperty("suites").GetProperty("properties").GetProperty("corruptions").GetProperty("properties").GetProperty("names").GetProperty("oneOf");

        Assert.Equal(ConfigurationLoader.KnownCorruptionNames, Strings(names[1].GetProperty("items").GetProperty("enum")));
        Assert.Equal(["benchmark", "all", "extra", "noc", "none"], Strings(names[0].GetProperty("enum")));
        var corruptions = root.GetProperty("suites").GetProperty("properties").GetProperty("corruptions").GetProperty("properties");
        Assert.Equal(ConfigurationLoader.CorruptionProfiles, Strings(corruptions.GetProperty("profile").GetProperty("enum")));
        var noise = root.GetProperty("suites").GetProperty("properties").GetProperty("noise").GetProperty("items").GetProperty("properties");
        Assert.Equal(ConfigurationLoader.NoiseFamilies, Strings(noise.GetProperty("family").GetProperty("enum")));
        var preprocessing = schema.RootElement.GetProperty("$defs").GetProperty("model").GetProperty("properties").GetProperty("preprocessing").GetProperty("properties");
        Assert.Equal(ConfigurationLoader.Interpolations, Strings(preprocessing.GetProperty("interpolation").GetProperty("enum")));
        Assert.Equal(RobustGate.Engine.Reporting.ReportExporters.FormatNames, Strings(root.GetProperty("formats").GetProperty("items").GetProperty("enum")));
    }

    [Theory]
    [InlineData("auto")]
    [InlineData("Auto")]
    [InlineData("cpu")]
    [InlineData("cuda")]
    [InlineData("GPU")]
    [InlineData("cuda:0")]
    [InlineData("cuda:12")]
    [InlineData("cdua")]
    [InlineData("cuda:")]
    [InlineData("cuda:x")]
    [InlineData("cuda:-1")]
    [InlineData("tpu")]
    public void Schema_device_pattern_accepts_what_the_loader_accepts(string value)
    {
        using var schema = JsonDocument.Parse(File.ReadAllText(SchemaPath));
        var pattern = schema.RootElement.GetProperty("properties").GetProperty("device").GetProperty("pattern").GetString()!;

        Assert.Equal(
            RobustGate.Engine.Tensors.DeviceRequest.TryParse(value, out _, out _),
            System.Text.RegularExpressions.Regex.IsMatch(value, pattern));
    }

    private static List<string> Strings(JsonElement array) => array.EnumerateArray().Select(e => e.GetString()!).ToList();

    [Fact]
    public void Full_example_covers_every_key_of_the_shape()
    {
        var path = Path.Combine(SharedData.RepositoryRoot, "tests", "RobustGate.Engine.Tests", "Configuration", "full.robustgate.json");
        using var doc = JsonDocument.Parse(File.ReadAllText(path), new JsonDocumentOptions { CommentHandling = JsonCommentHandling.Skip, AllowTrailingCommas = true });

        var missing = new List<string>();
        Covers(doc.RootElement, ConfigShape.Root, "$", missing, []);

        Assert.Empty(missing);
    }

    private static void Compare(JsonElement root, JsonElement node, ConfigShape shape, string path, List<string> differences)
    {
        var objectSchema = FindObjectSchema(root, node);
        if (objectSchema is null)
        {
            differences.Add($"{path}: the schema has no object with properties here");
            return;
        }

        var properties = objectSchema.Value.GetProperty("properties");
        var schemaKeys = properties.EnumerateObject().Select(p => p.Name).Order(StringComparer.Ordinal).ToList();
        var loaderKeys = shape.Keys.Order(StringComparer.Ordinal).ToList();
        differences.AddRange(schemaKeys.Except(loaderKeys).Select(k => $"{path}.{k}: in the schema, not accepted by the loader"));
        differences.AddRange(loaderKeys.Except(schemaKeys).Select(k => $"{path}.{k}: accepted by the loader, missing from the schema"));
        if (!objectSchema.Value.TryGetProperty("additionalProperties", out var additional) || additional.ValueKind != JsonValueKind.False)
        {
            differences.Add($"{path}: the schema must set additionalProperties: false, as the loader rejects unknown keys");
        }

        foreach (var key in schemaKeys.Intersect(loaderKeys))
        {
            var child = shape.Properties[key];
            var childSchema = properties.GetProperty(key);
            var schemaChild = FindObjectSchema(root, childSchema);
            if (child is null && schemaChild is not null)
            {
                differences.Add($"{path}.{key}: an object in the schema, a scalar for the loader");
            }
            else if (child is not null)
            {
                Compare(root, childSchema, child, $"{path}.{key}", differences);
            }
        }
    }

    /// <summary>The object schema at a node: itself, its $ref, its array items, or an object alternative of oneOf/anyOf.</summary>
    private static JsonElement? FindObjectSchema(JsonElement root, JsonElement node)
    {
        if (node.ValueKind != JsonValueKind.Object)
        {
            return null;
        }

        if (node.TryGetProperty("$ref", out var reference))
        {
            var target = root;
            foreach (var part in reference.GetString()!.TrimStart('#', '/').Split('/'))
            {
                target = target.GetProperty(part);
            }

            return FindObjectSchema(root, target);
        }

        if (node.TryGetProperty("properties", out _))
        {
            return node;
        }

        if (node.TryGetProperty("items", out var items))
        {
            return FindObjectSchema(root, items);
        }

        foreach (var combinator in new[] { "oneOf", "anyOf" })
        {
            if (node.TryGetProperty(combinator, out var alternatives))
            {
                foreach (var alternative in alternatives.EnumerateArray())
                {
                    if (FindObjectSchema(root, alternative) is JsonElement found)
                    {
                        return found;
                    }
                }
            }
        }

        return null;
    }

    /// <summary>Checks every key of each distinct shape once (the baseline model reuses the model shape).</summary>
    private static void Covers(JsonElement value, ConfigShape shape, string path, List<string> missing, HashSet<ConfigShape> done)
    {
        if (!done.Add(shape))
        {
            return;
        }

        if (value.ValueKind == JsonValueKind.Array)
        {
            var first = value.EnumerateArray().FirstOrDefault();
            if (first.ValueKind == JsonValueKind.Undefined)
            {
                missing.Add($"{path}: empty array");
                return;
            }

            done.Remove(shape);
            Covers(first, shape, $"{path}[0]", missing, done);
            return;
        }

        foreach (var key in shape.Keys)
        {
            if (!value.TryGetProperty(key, out var child))
            {
                missing.Add($"{path}.{key}");
            }
            else if (shape.Properties[key] is ConfigShape childShape)
            {
                Covers(child, childShape, $"{path}.{key}", missing, done);
            }
        }
    }
}
