using RobustGate.Engine.Text;
using System.Globalization;
using System.Text.Json;

namespace RobustGate.Engine.Configuration;

/// <summary>
/// A JSON value of <c>robustgate.json</c> with its JSON path: typed accessors that fail with a
/// <see cref="ConfigurationException"/> naming the file, the path and the expected type, e.g.
/// <c>robustgate.json: $.gate.rules[1]: expected a string, found number</c>.
/// </summary>
internal readonly struct ConfigNode(JsonElement element, string path, string file)
{
    public JsonElement Element => element;

    public string Path => path;

    public string File => file;

    public bool IsNull => element.ValueKind == JsonValueKind.Null;

    public ConfigurationException Error(string detail) => new($"{path}: {detail}", file);

    public string String()
    {
        Expect(JsonValueKind.String, "a string");
        return element.GetString()!;
    }

    public string NonEmptyString()
    {
        var s = String();
        return s.Trim().Length > 0 ? s : throw Error("expected a non-empty string");
    }

    public double Number()
    {
        Expect(JsonValueKind.Number, "a number");
        return element.GetDouble();
    }

    public double Number(double min, double max)
    {
        var v = Number();
        return v >= min && v <= max
            ? v
            : throw Error($"expected a number in [{min.ToString(CultureInfo.InvariantCulture)}, {max.ToString(CultureInfo.InvariantCulture)}], found {element.GetRawText()}");
    }

    public long Long()
    {
        Expect(JsonValueKind.Number, "an integer");
        return element.TryGetInt64(out var v) ? v : throw Error($"expected an integer, found {element.GetRawText()}");
    }

    public int Int(int min, int max = int.MaxValue)
    {
        Expect(JsonValueKind.Number, "an integer");
        if (!element.TryGetInt32(out var v))
        {
            throw Error($"expected an integer, found {element.GetRawText()}");
        }

        return v >= min && v <= max
            ? v
            : throw Error(max == int.MaxValue ? $"expected an integer >= {min}, found {v}" : $"expected an integer in [{min}, {max}], found {v}");
    }

    public IEnumerable<ConfigNode> Items()
    {
        Expect(JsonValueKind.Array, "an array");
        var i = 0;
        foreach (var item in element.EnumerateArray())
        {
            yield return new ConfigNode(item, $"{path}[{i++}]", file);
        }
    }

    public ConfigObject Object(ConfigShape shape)
    {
        Expect(JsonValueKind.Object, "an object");
        return new ConfigObject(this, shape);
    }

    public string Enum(params string[] allowed)
    {
        var value = String();
        if (allowed.Contains(value, StringComparer.Ordinal))
        {
            return value;
        }

        var suggestion = NameSuggestions.Best(value, allowed);
        throw Error($"expected one of {string.Join(", ", allowed.Select(a => $"\"{a}\""))}, found \"{value}\"{(suggestion is null ? string.Empty : $"; did you mean \"{suggestion}\"?")}");
    }

    public void Expect(JsonValueKind kind, string expected)
    {
        var actual = element.ValueKind;
        var matches = actual == kind || (kind == JsonValueKind.True && actual == JsonValueKind.False);
        if (!matches)
        {
            throw Error($"expected {expected}, found {KindName(actual)}");
        }
    }

    public static string KindName(JsonValueKind kind) => kind switch
    {
        JsonValueKind.Object => "object",
        JsonValueKind.Array => "array",
        JsonValueKind.String => "string",
        JsonValueKind.Number => "number",
        JsonValueKind.True or JsonValueKind.False => "boolean",
        JsonValueKind.Null => "null",
        _ => "nothing",
    };
}
