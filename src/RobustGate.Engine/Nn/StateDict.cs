using System.Collections;

namespace RobustGate.Engine.Nn;

/// <summary>
/// An ordered map from dotted names (<c>layer1.0.conv1.weight</c>) to arrays, the exchange
/// format between modules, optimizers, checkpoints and safetensors files. Order is the
/// insertion order, which for a module is PyTorch's registration order.
/// </summary>
public sealed class StateDict : IEnumerable<KeyValuePair<string, StateEntry>>
{
    private readonly List<string> _names = [];
    private readonly Dictionary<string, StateEntry> _entries = new(StringComparer.Ordinal);

    public int Count => _names.Count;

    public IReadOnlyList<string> Names => _names;

    public StateEntry this[string name]
    {
        get => _entries.TryGetValue(name, out var entry)
            ? entry
            : throw new KeyNotFoundException($"The state dict has no entry '{name}'.");
        set
        {
            ArgumentNullException.ThrowIfNull(value);
            if (!_entries.ContainsKey(name))
            {
                _names.Add(name);
            }

            _entries[name] = value;
        }
    }

    public void Add(string name, StateEntry entry)
    {
        ArgumentException.ThrowIfNullOrEmpty(name);
        ArgumentNullException.ThrowIfNull(entry);
        if (!_entries.TryAdd(name, entry))
        {
            throw new ArgumentException($"The state dict already has an entry '{name}'.", nameof(name));
        }

        _names.Add(name);
    }

    public bool Contains(string name) => _entries.ContainsKey(name);

    public bool TryGet(string name, out StateEntry entry) => _entries.TryGetValue(name, out entry!);

    /// <summary>Adds every entry of <paramref name="other"/> under <c>prefix + name</c>.</summary>
    public void AddPrefixed(string prefix, StateDict other)
    {
        ArgumentNullException.ThrowIfNull(other);
        foreach (var (name, entry) in other)
        {
            Add(prefix + name, entry);
        }
    }

    /// <summary>The entries whose names start with <paramref name="prefix"/>, with the prefix removed.</summary>
    public StateDict WithPrefix(string prefix)
    {
        ArgumentNullException.ThrowIfNull(prefix);
        var result = new StateDict();
        foreach (var name in _names)
        {
            if (name.StartsWith(prefix, StringComparison.Ordinal))
            {
                result.Add(name[prefix.Length..], _entries[name]);
            }
        }

        return result;
    }

    public IEnumerator<KeyValuePair<string, StateEntry>> GetEnumerator()
    {
        foreach (var name in _names)
        {
            yield return new KeyValuePair<string, StateEntry>(name, _entries[name]);
        }
    }

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();
}
