using System.Text.Json;

namespace RobustGate.Engine.Reporting;

/// <summary>
/// Typed access to a JSON document that turns every mismatch into an
/// <see cref="InvalidInputException"/> naming the file, the JSON path and what was expected.
/// </summary>
internal sealed class JsonReaderContext(string file)
{
    public InvalidInputException Error(string path, string detail) => new($"{path}: {detail}", file);

    public void ExpectKind(JsonElement e, JsonValueKind kind, string path)
    {
        if (e.ValueKind != kind)
        {
            throw Error(path, $"expected {Describe(kind)}, found {Describe(e.ValueKind)}");
        }
    }

    public JsonElement Property(JsonElement obj, string path, string name) =>
        obj.TryGetProperty(name, out var value) ? value : throw Error($"{path}.{name}", "expected this field, it is missing");

    public JsonElement Object(JsonElement obj, string path, string name)
    {
        var e = Property(obj, path, name);
        ExpectKind(e, JsonValueKind.Object, $"{path}.{name}");
        return e;
    }

    public JsonElement Array(JsonElement obj, string path, string name)
    {
        var e = Property(obj, path, name);
        ExpectKind(e, JsonValueKind.Array, $"{path}.{name}");
        return e;
    }

    public string String(JsonElement obj, string path, string name)
    {
        var e = Property(obj, path, name);
        ExpectKind(e, JsonValueKind.String, $"{path}.{name}");
        return e.GetString()!;
    }

    public string? OptionalString(JsonElement obj, string path, string name)
    {
        var e = Property(obj, path, name);
        return e.ValueKind == JsonValueKind.Null ? null : String(obj, path, name);
    }

    public double Number(JsonElement obj, string path, string name)
    {
        var e = Property(obj, path, name);
        ExpectKind(e, JsonValueKind.Number, $"{path}.{name}");
        return e.GetDouble();
    }

    public double? OptionalNumber(JsonElement obj, string path, string name)
    {
        var e = Property(obj, path, name);
        return e.ValueKind == JsonValueKind.Null ? null : Number(obj, path, name);
    }

    public int Int(JsonElement obj, string path, string name)
    {
        var e = Property(obj, path, name);
        ExpectKind(e, JsonValueKind.Number, $"{path}.{name}");
        return e.TryGetInt32(out var v) ? v : throw Error($"{path}.{name}", $"expected an integer, found {e.GetRawText()}");
    }

    public long Long(JsonElement obj, string path, string name)
    {
        var e = Property(obj, path, name);
        ExpectKind(e, JsonValueKind.Number, $"{path}.{name}");
        return e.TryGetInt64(out var v) ? v : throw Error($"{path}.{name}", $"expected an integer, found {e.GetRawText()}");
    }

    public bool Bool(JsonElement obj, string path, string name)
    {
        var e = Property(obj, path, name);
        return e.ValueKind switch
        {
            JsonValueKind.True => true,
            JsonValueKind.False => false,
            _ => throw Error($"{path}.{name}", $"expected true or false, found {Describe(e.ValueKind)}"),
        };
    }

    public List<double> Numbers(JsonElement obj, string path, string name)
    {
        var array = Array(obj, path, name);
        var list = new List<double>();
        var i = 0;
        foreach (var e in array.EnumerateArray())
        {
            ExpectKind(e, JsonValueKind.Number, $"{path}.{name}[{i++}]");
            list.Add(e.GetDouble());
        }

        return list;
    }

    public double Fraction(double value, string path) =>
        value is >= 0 and <= 1 ? value : throw Error(path, $"expected a fraction in [0, 1], found {value}");

    public static string Describe(JsonValueKind kind) => kind switch
    {
        JsonValueKind.Object => "an object",
        JsonValueKind.Array => "an array",
        JsonValueKind.String => "a string",
        JsonValueKind.Number => "a number",
        JsonValueKind.True or JsonValueKind.False => "a boolean",
        JsonValueKind.Null => "null",
        _ => "nothing",
    };
}
