using System.CommandLine;
using RobustGate.Engine.Evaluation;
using RobustGate.Tool.Parsing;

namespace RobustGate.Tool.Commands;

/// <summary>The model options shared by predict, check, attack and bench.</summary>
internal sealed class ModelOptions
{
    public Option<string?> Arch { get; } = new("--arch") { Description = "Architecture (see 'robustgate models')." };

    public Option<FileInfo?> Weights { get; } = new("--weights") { Description = "Weights as safetensors with torchvision state-dict names." };

    public Option<int?> Classes { get; } = new("--classes") { Description = "Number of classes (default: the architecture's)." };

    public Option<string?> Mean { get; } = new("--mean") { Description = "Per-channel mean, e.g. 0.485,0.456,0.406 (normalisation runs inside the model on [0,1] pixels)." };

    public Option<string?> Std { get; } = new("--std") { Description = "Per-channel standard deviation, e.g. 0.229,0.224,0.225." };

    public Option<int?> Channels { get; } = new("--channels") { Description = "Input channels (default: the architecture's)." };

    public Option<int?> InputSize { get; } = new("--input-size") { Description = "Input height and width in pixels (default: the architecture's)." };

    public Option<int?> ResizeTo { get; } = new("--resize") { Description = "Resize the shorter side to this size and centre-crop to the input size (ImageNet: 256)." };

    public void AddTo(Command command, bool archRequired)
    {
        Arch.Required = archRequired;
        foreach (var option in new Option[] { Arch, Weights, Classes, Mean, Std, Channels, InputSize, ResizeTo })
        {
            command.Options.Add(option);
        }
    }

    /// <summary>The model spec from the parsed options; <paramref name="fallback"/> supplies values not given on the command line.</summary>
    public ModelSpec? Read(ParseResult parse, ModelSpec? fallback = null)
    {
        var arch = parse.GetValue(Arch) ?? fallback?.Arch;
        if (arch is null)
        {
            return null;
        }

        var mean = parse.GetValue(Mean);
        var std = parse.GetValue(Std);
        return new ModelSpec
        {
            Arch = arch,
            Weights = parse.GetValue(Weights)?.FullName ?? fallback?.Weights,
            Classes = parse.GetValue(Classes) ?? fallback?.Classes,
            Mean = mean is null ? fallback?.Mean : ValueParsers.ParseFloatList(mean, "--mean"),
            Std = std is null ? fallback?.Std : ValueParsers.ParseFloatList(std, "--std"),
            Channels = parse.GetValue(Channels) ?? fallback?.Channels,
            InputSize = parse.GetValue(InputSize) ?? fallback?.InputSize,
            ResizeTo = parse.GetValue(ResizeTo) ?? fallback?.ResizeTo,
        };
    }
}
