using RobustGate.Engine.Tensors;

namespace RobustGate.Engine.Nn;

/// <summary>torch.nn.Sequential: children named "0", "1", ... applied in order.</summary>
public sealed class Sequential : Module
{
    private readonly List<Module> _layers = [];

    public Sequential(params IEnumerable<Module> layers)
    {
        ArgumentNullException.ThrowIfNull(layers);
        foreach (var layer in layers)
        {
            Append(layer);
        }
    }

    public int Count => _layers.Count;

    public Module this[int index] => _layers[index];

    public Sequential Append(Module layer)
    {
        RegisterModule(_layers.Count.ToString(System.Globalization.CultureInfo.InvariantCulture), layer);
        _layers.Add(layer);
        return this;
    }

    public override Tensor Forward(Tensor input)
    {
        var x = input;
        foreach (var layer in _layers)
        {
            x = Intermediate.Release(x, input, layer.Forward(x));
        }

        return x;
    }
}
