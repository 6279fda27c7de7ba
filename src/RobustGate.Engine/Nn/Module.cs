using System.Text;
using RobustGate.Engine.Tensors;

namespace RobustGate.Engine.Nn;

/// <summary>
/// Base of every layer and model, shaped after <c>torch.nn.Module</c>: parameters, buffers and
/// children are registered by name in order, and the state dict lists, for each module in
/// depth-first order, its parameters, then its buffers, then its children's entries under
/// <c>childName.</c> — so names and order match torchvision's (<c>layer1.0.conv1.weight</c>).
/// A child registered under the empty name contributes its entries without a prefix; wrappers
/// such as <see cref="NormalizedModel"/> use that to keep the wrapped network's names.
/// </summary>
public abstract class Module
{
    private readonly List<(string Name, Tensor Tensor)> _parameters = [];
    private readonly List<(string Name, Tensor? Tensor, Int64Buffer? Counter)> _buffers = [];
    private readonly List<(string Name, Module Module)> _children = [];

    /// <summary>True in training mode (BatchNorm uses batch statistics, Dropout drops).</summary>
    public bool Training { get; private set; } = true;

    /// <summary>Runs the module on a batch.</summary>
    public abstract Tensor Forward(Tensor input);

    /// <summary>Sets training mode on this module and every descendant.</summary>
    public Module Train(bool training = true)
    {
        Training = training;
        foreach (var (_, child) in _children)
        {
            child.Train(training);
        }

        return this;
    }

    /// <summary>Sets evaluation mode on this module and every descendant.</summary>
    public Module Eval() => Train(false);

    public IEnumerable<(string Name, Module Module)> NamedChildren() => _children;

    /// <summary>This module (name "") and every descendant with its dotted name.</summary>
    public IEnumerable<(string Name, Module Module)> NamedModules()
    {
        yield return (string.Empty, this);
        foreach (var (name, child) in _children)
        {
            foreach (var (sub, module) in child.NamedModules())
            {
                yield return (Join(name, sub), module);
            }
        }
    }

    public IEnumerable<(string Name, Tensor Parameter)> NamedParameters()
    {
        foreach (var entry in _parameters)
        {
            yield return entry;
        }

        foreach (var (name, child) in _children)
        {
            foreach (var (sub, p) in child.NamedParameters())
            {
                yield return (Join(name, sub), p);
            }
        }
    }

    public IEnumerable<Tensor> Parameters() => NamedParameters().Select(p => p.Parameter);

    /// <summary>Float32 buffers (running statistics), with dotted names; int64 counters are left out.</summary>
    public IEnumerable<(string Name, Tensor Buffer)> NamedBuffers()
    {
        foreach (var (name, tensor, _) in _buffers)
        {
            if (tensor is not null)
            {
                yield return (name, tensor);
            }
        }

        foreach (var (name, child) in _children)
        {
            foreach (var (sub, b) in child.NamedBuffers())
            {
                yield return (Join(name, sub), b);
            }
        }
    }

    /// <summary>Total number of parameter elements.</summary>
    public long ParameterCount() => Parameters().Sum(p => (long)p.Numel);

    /// <summary>Releases every parameter's gradient (PyTorch's zero_grad(set_to_none=True)).</summary>
    public void ZeroGrad()
    {
        foreach (var p in Parameters())
        {
            p.ZeroGrad();
        }
    }

    /// <summary>A snapshot (copies) of every parameter and buffer, in PyTorch's order.</summary>
    public StateDict StateDict()
    {
        var dict = new StateDict();
        foreach (var (name, slot) in StateSlots())
        {
            dict.Add(name, slot.Export());
        }

        return dict;
    }

    /// <summary>
    /// Copies values from <paramref name="dict"/> into this module's parameters and buffers (in
    /// place, so optimizers holding the tensors stay valid). Misshaped entries are always an
    /// error; with <paramref name="strict"/> missing and unexpected names are too. All problems
    /// are reported together in one <see cref="InvalidInputException"/> naming
    /// <paramref name="file"/> when given; nothing is copied unless every entry fits.
    /// </summary>
    public void LoadStateDict(StateDict dict, bool strict = true, string? file = null)
    {
        ArgumentNullException.ThrowIfNull(dict);
        var slots = StateSlots().ToList();
        var problems = new List<string>();
        var known = new HashSet<string>(StringComparer.Ordinal);
        var toCopy = new List<(StateSlot Slot, StateEntry Entry)>();
        foreach (var (name, slot) in slots)
        {
            known.Add(name);
            if (!dict.TryGet(name, out var entry))
            {
                if (strict)
                {
                    problems.Add($"missing '{name}' (expected shape {StateEntry.FormatShape(slot.Shape)})");
                }

                continue;
            }

            var problem = slot.CheckCompatible(entry);
            if (problem is not null)
            {
                problems.Add($"'{name}': {problem}");
                continue;
            }

            toCopy.Add((slot, entry));
        }

        if (strict)
        {
            foreach (var (name, entry) in dict)
            {
                if (!known.Contains(name))
                {
                    problems.Add($"unexpected '{name}' (shape {entry.ShapeText})");
                }
            }
        }

        if (problems.Count > 0)
        {
            var message = new StringBuilder();
            message.Append("the state dict does not fit the model ").Append(GetType().Name)
                .Append(" (").Append(problems.Count).Append(problems.Count == 1 ? " problem" : " problems").Append("): ");
            message.AppendJoin("; ", problems);
            throw new InvalidInputException(message.ToString(), file);
        }

        foreach (var (slot, entry) in toCopy)
        {
            slot.Import(entry);
        }
    }

    /// <summary>Loads weights from a safetensors file (strict by default).</summary>
    public void Load(string path, bool strict = true)
    {
        var dict = StateDictFile.Read(path);
        LoadStateDict(dict, strict, path);
    }

    /// <summary>Saves the state dict as safetensors (F32 values, I64 counters).</summary>
    public void Save(string path, IReadOnlyDictionary<string, string>? metadata = null) => StateDictFile.Write(path, StateDict(), metadata);

    protected Tensor RegisterParameter(string name, Tensor parameter)
    {
        ArgumentNullException.ThrowIfNull(parameter);
        CheckName(name);
        parameter.RequiresGrad = true;
        _parameters.Add((name, parameter));
        return parameter;
    }

    protected Tensor RegisterBuffer(string name, Tensor buffer)
    {
        ArgumentNullException.ThrowIfNull(buffer);
        CheckName(name);
        _buffers.Add((name, buffer, null));
        return buffer;
    }

    protected Int64Buffer RegisterBuffer(string name, Int64Buffer counter)
    {
        ArgumentNullException.ThrowIfNull(counter);
        CheckName(name);
        _buffers.Add((name, null, counter));
        return counter;
    }

    /// <summary>Registers a child; the empty name merges its entries into this module's namespace.</summary>
    protected T RegisterModule<T>(string name, T module)
        where T : Module
    {
        ArgumentNullException.ThrowIfNull(module);
        ArgumentNullException.ThrowIfNull(name);
        if (name.Length > 0)
        {
            CheckName(name);
        }

        _children.Add((name, module));
        module.Train(Training);
        return module;
    }

    private void CheckName(string name)
    {
        ArgumentException.ThrowIfNullOrEmpty(name);
        if (name.Contains('.', StringComparison.Ordinal))
        {
            throw new ArgumentException($"A member name may not contain '.': '{name}'.", nameof(name));
        }

        if (_parameters.Any(p => p.Name == name) || _buffers.Any(b => b.Name == name) || _children.Any(c => c.Name == name))
        {
            throw new ArgumentException($"'{name}' is already registered in {GetType().Name}.", nameof(name));
        }
    }

    private IEnumerable<(string Name, StateSlot Slot)> StateSlots()
    {
        foreach (var (name, p) in _parameters)
        {
            yield return (name, new StateSlot(p, null));
        }

        foreach (var (name, tensor, counter) in _buffers)
        {
            yield return (name, new StateSlot(tensor, counter));
        }

        foreach (var (name, child) in _children)
        {
            foreach (var (sub, slot) in child.StateSlots())
            {
                yield return (Join(name, sub), slot);
            }
        }
    }

    private static string Join(string prefix, string name) =>
        prefix.Length == 0 ? name : name.Length == 0 ? prefix : prefix + "." + name;

    /// <summary>One state-dict position: a float32 tensor or an int64 counter.</summary>
    private readonly record struct StateSlot(Tensor? Tensor, Int64Buffer? Counter)
    {
        public int[] Shape => Tensor is not null ? Tensor.Shape : [];

        public StateEntry Export() => Tensor is not null
            ? StateEntry.FromFloat32(Tensor.ToArray(), Tensor.Shape)
            : StateEntry.Scalar(Counter!.Value);

        public string? CheckCompatible(StateEntry entry)
        {
            if (Tensor is not null)
            {
                if (entry.DType != StateDType.Float32)
                {
                    return $"expected a float tensor of shape {StateEntry.FormatShape(Shape)}, found {entry.DType} {entry.ShapeText}";
                }

                return entry.ShapeEquals(Shape)
                    ? null
                    : $"expected shape {StateEntry.FormatShape(Shape)}, found {entry.ShapeText}";
            }

            // Counters accept any single-element entry: converters sometimes store them as float.
            return entry.ElementCount == 1 ? null : $"expected a scalar counter (shape []), found {entry.ShapeText}";
        }

        public void Import(StateEntry entry)
        {
            if (Tensor is not null)
            {
                entry.Float32.AsSpan().CopyTo(Tensor.Span);
            }
            else
            {
                Counter!.Value = entry.DType == StateDType.Int64 ? entry.Int64![0] : (long)entry.Float32![0];
            }
        }
    }
}
