using System.Globalization;
using RobustGate.Engine.Nn;
using RobustGate.Engine.Tensors;

namespace RobustGate.Engine.Optim;

/// <summary>
/// Base of the optimizers: updates parameters in place from their accumulated <c>Grad</c>
/// (parameters without a gradient are skipped, as in PyTorch). Per-parameter state (momentum
/// buffers, moment estimates, step counts) is kept in float32 arrays and exported as named
/// entries <c>&lt;parameter name&gt;.&lt;slot&gt;</c> for checkpoints; the learning rate is exported as
/// <c>lr</c>. Updates are element-wise and sequential per parameter, so they are deterministic.
/// </summary>
public abstract class Optimizer
{
    private readonly (string Name, Tensor Parameter)[] _parameters;

    protected Optimizer(IEnumerable<(string Name, Tensor Parameter)> parameters, double learningRate)
    {
        ArgumentNullException.ThrowIfNull(parameters);
        _parameters = [.. parameters];
        if (_parameters.Length == 0)
        {
            throw new ArgumentException("An optimizer needs at least one parameter.", nameof(parameters));
        }

        if (_parameters.Select(p => p.Name).Distinct(StringComparer.Ordinal).Count() != _parameters.Length)
        {
            throw new ArgumentException("Parameter names must be unique.", nameof(parameters));
        }

        ArgumentOutOfRangeException.ThrowIfNegative(learningRate);
        LearningRate = learningRate;
    }

    /// <summary>The current step size; schedulers set it between epochs.</summary>
    public double LearningRate { get; set; }

    public IReadOnlyList<(string Name, Tensor Parameter)> Parameters => _parameters;

    /// <summary>Names parameters "0", "1", ... when a bare list is given.</summary>
    protected static IEnumerable<(string Name, Tensor Parameter)> Indexed(IEnumerable<Tensor> parameters)
    {
        ArgumentNullException.ThrowIfNull(parameters);
        return parameters.Select((p, i) => (i.ToString(CultureInfo.InvariantCulture), p));
    }

    /// <summary>Releases every parameter's gradient (PyTorch's zero_grad(set_to_none=True)).</summary>
    public void ZeroGrad()
    {
        foreach (var (_, p) in _parameters)
        {
            p.ZeroGrad();
        }
    }

    /// <summary>Applies one update to every parameter that has a gradient.</summary>
    public void Step()
    {
        BeginStep();
        for (var i = 0; i < _parameters.Length; i++)
        {
            var p = _parameters[i].Parameter;
            if (p.Grad is null)
            {
                continue;
            }

            if (p.Grad.Numel != p.Numel)
            {
                throw new InvalidOperationException($"Parameter '{_parameters[i].Name}' has {p.Numel} elements but its gradient {p.Grad.Numel}.");
            }

            Update(i, p.Span, p.Grad.ReadOnlySpan);
        }
    }

    /// <summary>Optimizer state plus the learning rate, as named entries.</summary>
    public StateDict ExportState()
    {
        var state = new StateDict { { "lr", StateEntry.FromFloat32([(float)LearningRate]) } };
        for (var i = 0; i < _parameters.Length; i++)
        {
            foreach (var (slot, entry) in ExportSlots(i))
            {
                state.Add(_parameters[i].Name + "." + slot, entry);
            }
        }

        return state;
    }

    /// <summary>Restores state written by <see cref="ExportState"/> for the same parameters.</summary>
    public void ImportState(StateDict state, string? file = null)
    {
        ArgumentNullException.ThrowIfNull(state);
        if (state.TryGet("lr", out var lr) && lr.DType == StateDType.Float32 && lr.ElementCount == 1 && (float)LearningRate != lr.Float32![0])
        {
            LearningRate = lr.Float32[0];
        }

        for (var i = 0; i < _parameters.Length; i++)
        {
            var (name, p) = _parameters[i];
            var slots = state.WithPrefix(name + ".");
            var problem = ImportSlots(i, p.Numel, slots);
            if (problem is not null)
            {
                throw new InvalidInputException($"optimizer state for parameter '{name}': {problem}", file);
            }
        }
    }

    /// <summary>Called once before the per-parameter updates of a step.</summary>
    protected virtual void BeginStep()
    {
    }

    /// <summary>Updates parameter <paramref name="index"/> in place.</summary>
    protected abstract void Update(int index, Span<float> parameter, ReadOnlySpan<float> gradient);

    protected abstract IEnumerable<(string Slot, StateEntry Entry)> ExportSlots(int index);

    /// <summary>Restores one parameter's slots; returns a description of what is wrong, or null.</summary>
    protected abstract string? ImportSlots(int index, int numel, StateDict slots);

    protected int ParameterCount => _parameters.Length;

    protected int[] ShapeOf(int index) => _parameters[index].Parameter.Shape;

    /// <summary>Reads a float32 slot of <paramref name="numel"/> values, or explains why it cannot.</summary>
    protected static string? ReadSlot(StateDict slots, string slot, int numel, out float[]? values)
    {
        ArgumentNullException.ThrowIfNull(slots);
        values = null;
        if (!slots.TryGet(slot, out var entry))
        {
            return null;
        }

        if (entry.DType != StateDType.Float32 || entry.ElementCount != numel)
        {
            return $"'{slot}' must be float32 with {numel} elements, found {entry.DType} {entry.ShapeText}";
        }

        values = (float[])entry.Float32!.Clone();
        return null;
    }
}
