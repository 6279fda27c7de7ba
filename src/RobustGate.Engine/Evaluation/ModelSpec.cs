using System.Security.Cryptography;
using RobustGate.Engine.Imaging;
using RobustGate.Engine.Models;
using RobustGate.Engine.Nn;

namespace RobustGate.Engine.Evaluation;

/// <summary>
/// A model as the command line and robustgate.json describe it: architecture, weights, classes,
/// normalisation and input geometry. <see cref="Build"/> makes the engine model that takes [0, 1] pixels.
/// </summary>
public sealed record ModelSpec
{
    public required string Arch { get; init; }

    /// <summary>safetensors file with torchvision state-dict names; null: the architecture's seeded initialisation.</summary>
    public string? Weights { get; init; }

    public int? Classes { get; init; }

    public IReadOnlyList<float>? Mean { get; init; }

    public IReadOnlyList<float>? Std { get; init; }

    /// <summary>Input channels; null: the architecture's.</summary>
    public int? Channels { get; init; }

    /// <summary>Input height and width; null: the architecture's.</summary>
    public int? InputSize { get; init; }

    /// <summary>Shorter side before the centre crop (ImageNet: 256); null: resize straight to the input size.</summary>
    public int? ResizeTo { get; init; }

    public ResampleFilter Interpolation { get; init; } = ResampleFilter.Bilinear;

    public ulong InitSeed { get; init; }

    public Models.ModelInfo Architecture => ModelRegistry.Get(Arch);

    public int ResolvedClasses => Classes ?? Architecture.DefaultClasses;

    public ModelInputSpec ResolvedInput
    {
        get
        {
            var arch = Architecture;
            var size = InputSize;
            return new ModelInputSpec(Channels ?? arch.InputSize.C, size ?? arch.InputSize.H, size ?? arch.InputSize.W, ResizeTo, Interpolation);
        }
    }

    public NormalizedModel Build()
    {
        var input = ResolvedInput;
        var model = Architecture.Create(ResolvedClasses, input.Channels, InitSeed, Mean, Std);
        if (Weights is not null)
        {
            if (!File.Exists(Weights))
            {
                throw new InvalidInputException("weights file not found", Weights);
            }

            model.Load(Weights);
        }

        return model;
    }

    /// <summary>Lower-case hex SHA-256 of the weights file, or null without one.</summary>
    public string? WeightsSha256()
    {
        if (Weights is null)
        {
            return null;
        }

        using var stream = File.OpenRead(Weights);
        return Convert.ToHexStringLower(SHA256.HashData(stream));
    }
}
