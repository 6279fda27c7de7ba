using RobustGate.Engine.Text;
using System.Text.Json;

namespace RobustGate.Engine.Configuration;

/// <summary>
/// A JSON object read against its <see cref="ConfigShape"/>: unknown keys fail with a
/// "did you mean" hint, and the loader can only ask for declared keys. <see cref="Complete"/>
/// checks that the loader consumed every key present, so a declared key can never be silently ignored.
/// </summary>
internal sealed class ConfigObject
{
    private readonly ConfigNode _node;
    private readonly ConfigShape _shape;
    private readonly HashSet<string> _read = new(StringComparer.Ordinal);

    public ConfigObject(ConfigNode node, ConfigShape shape)
    {
        _node = node;
        _shape = shape;
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var property in node.Element.EnumerateObject())
        {
            if (!seen.Add(property.Name))
            {
                throw new ConfigurationException($"{node.Path}.{property.Name}: this key appears twice", node.File);
            }

            if (!shape.Properties.ContainsKey(property.Name))
            {
                var suggestion = NameSuggestions.Best(property.Name, shape.Keys);
                var hint = suggestion is null
                    ? $"expected one of {string.Join(", ", shape.Keys)}"
                    : $"did you mean \"{suggestion}\"?";
                throw new ConfigurationException($"{node.Path}.{property.Name}: unknown key; {hint}", node.File);
            }
        }
    }

    public string Path => _node.Path;

    /// <summary>The value of <paramref name="key"/>, or null when absent or JSON null.</summary>
    public ConfigNode? Get(string key)
    {
        if (!_shape.Properties.ContainsKey(key))
        {
            throw new InvalidOperationException($"the loader reads \"{key}\", which the shape of {_node.Path} does not declare");
        }

        _read.Add(key);
        return _node.Element.TryGetProperty(key, out var value) && value.ValueKind != JsonValueKind.Null
            ? new ConfigNode(value, $"{_node.Path}.{key}", _node.File)
            : null;
    }

    public ConfigNode Required(string key, string what) =>
        Get(key) ?? throw new ConfigurationException($"{_node.Path}.{key}: missing; expected {what}", _node.File);

    public ConfigShape ShapeOf(string key) => _shape.Properties[key] ?? throw new InvalidOperationException($"{key} is not an object key");

    public void Complete()
    {
        foreach (var property in _node.Element.EnumerateObject())
        {
            if (!_read.Contains(property.Name))
            {
                throw new InvalidOperationException($"the loader ignored {_node.Path}.{property.Name}");
            }
        }
    }
}
