using System.Globalization;
using RobustGate.Engine.Tensors;

namespace RobustGate.Engine.Nn;

/// <summary>
/// The input layer that maps [0,1] pixels to a network's normalised input:
/// <c>(x - mean[c]) / std[c]</c> per channel of an NCHW batch. Mean and std are configuration,
/// not state: the layer has no state-dict entries. Attacks and noise work on its input, in
/// pixel space.
/// </summary>
public sealed class Normalize : Module
{
    private readonly float[] _mean;
    private readonly float[] _std;
    private readonly Tensor _meanTensor;
    private readonly Tensor _stdTensor;

    public Normalize(IReadOnlyList<float> mean, IReadOnlyList<float> std)
    {
        ArgumentNullException.ThrowIfNull(mean);
        ArgumentNullException.ThrowIfNull(std);
        if (mean.Count == 0 || mean.Count != std.Count)
        {
            throw new ArgumentException($"Mean and std need the same, non-zero length (found {mean.Count} and {std.Count}).", nameof(std));
        }

        foreach (var s in std)
        {
            if (!(s > 0) || !float.IsFinite(s))
            {
                throw new ArgumentException(string.Create(CultureInfo.InvariantCulture, $"Every std must be positive and finite; found {s}."), nameof(std));
            }
        }

        _mean = [.. mean];
        _std = [.. std];
        _meanTensor = Tensor.FromArray([.. _mean], 1, _mean.Length, 1, 1);
        _stdTensor = Tensor.FromArray([.. _std], 1, _std.Length, 1, 1);
    }

    public IReadOnlyList<float> Mean => _mean;

    public IReadOnlyList<float> Std => _std;

    /// <summary>True when the layer changes nothing (mean 0, std 1), so it can be skipped.</summary>
    public bool IsIdentity => _mean.All(m => m == 0) && _std.All(s => s == 1);

    public override Tensor Forward(Tensor input)
    {
        ArgumentNullException.ThrowIfNull(input);
        if (input.Dim != 4 || input.Size(1) != _mean.Length)
        {
            throw new ArgumentException($"Normalize expects an NCHW batch with {_mean.Length} channels; got shape {StateEntry.FormatShape(input.Shape)}.", nameof(input));
        }

        if (IsIdentity)
        {
            return input;
        }

        // Subtract then divide, exactly as torchvision-style wrappers do, for bitwise-equal inputs.
        return (input - _meanTensor) / _stdTensor;
    }
}
