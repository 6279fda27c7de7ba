using RobustGate.Engine.Nn;
using RobustGate.Engine.Tensors;

namespace RobustGate.Engine.Models;

/// <summary>
/// A registered architecture: its name, what it is, the input it expects (C, H, W), its
/// default class count and input normalisation, and a factory for the bare network.
/// </summary>
public sealed class ModelInfo
{
    private readonly Func<int, int, Generator, Module> _network;

    internal ModelInfo(string name, string description, (int C, int H, int W) inputSize, int defaultClasses, float[] mean, float[] std, Func<int, int, Generator, Module> network)
    {
        Name = name;
        Description = description;
        InputSize = inputSize;
        DefaultClasses = defaultClasses;
        Mean = mean;
        Std = std;
        _network = network;
    }

    public string Name { get; }

    public string Description { get; }

    /// <summary>The input size the architecture is designed for (channels, height, width).</summary>
    public (int C, int H, int W) InputSize { get; }

    public int DefaultClasses { get; }

    /// <summary>Per-channel mean of the built-in <see cref="Normalize"/> layer.</summary>
    public IReadOnlyList<float> Mean { get; }

    /// <summary>Per-channel std of the built-in <see cref="Normalize"/> layer.</summary>
    public IReadOnlyList<float> Std { get; }

    /// <summary>
    /// A freshly initialised model that takes [0,1] pixels: the network behind a
    /// <see cref="Normalize"/> layer with this architecture's mean/std (or the given ones).
    /// When <paramref name="inChannels"/> differs from the designed channel count and no mean/std
    /// are given, the first channel's values are repeated. The state dict holds exactly the
    /// network's torchvision/RobustBench names.
    /// </summary>
    public NormalizedModel Create(int? numClasses = null, int? inChannels = null, ulong seed = 0, IReadOnlyList<float>? mean = null, IReadOnlyList<float>? std = null)
    {
        var classes = numClasses ?? DefaultClasses;
        var channels = inChannels ?? InputSize.C;
        if (classes < 1)
        {
            throw new ConfigurationException($"model '{Name}': the number of classes must be at least 1, got {classes}.");
        }

        if (channels < 1)
        {
            throw new ConfigurationException($"model '{Name}': the number of input channels must be at least 1, got {channels}.");
        }

        mean ??= channels == Mean.Count ? Mean : Enumerable.Repeat(Mean[0], channels).ToArray();
        std ??= channels == Std.Count ? Std : Enumerable.Repeat(Std[0], channels).ToArray();
        if (mean.Count != channels || std.Count != channels)
        {
            throw new ConfigurationException($"model '{Name}': mean and std need {channels} values (one per input channel); got {mean.Count} and {std.Count}.");
        }

        var network = _network(classes, channels, new Generator(seed));
        return new NormalizedModel(new Normalize(mean, std), network);
    }
}
