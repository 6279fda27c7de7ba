using System.Globalization;
using RobustGate.Engine.Text;

namespace RobustGate.Engine.Tensors;

/// <summary>A device as asked for on the command line or in robustgate.json: auto, cpu, cuda or cuda:N.</summary>
public sealed record DeviceRequest(DeviceKind Kind, int Ordinal = 0)
{
    public static DeviceRequest Auto { get; } = new(DeviceKind.Auto);

    public static DeviceRequest Cpu { get; } = new(DeviceKind.Cpu);

    /// <summary>Parses auto, cpu, cuda or cuda:N; anything else is a <see cref="ConfigurationException"/> naming <paramref name="source"/>.</summary>
    public static DeviceRequest Parse(string text, string source = "--device")
    {
        ArgumentNullException.ThrowIfNull(text);
        var t = text.Trim().ToLowerInvariant();
        switch (t)
        {
            case "auto":
                return Auto;
            case "cpu":
                return Cpu;
            case "cuda" or "gpu":
                return new DeviceRequest(DeviceKind.Cuda);
        }

        if (t.StartsWith("cuda:", StringComparison.Ordinal))
        {
            if (int.TryParse(t.AsSpan(5), NumberStyles.None, CultureInfo.InvariantCulture, out var ordinal))
            {
                return new DeviceRequest(DeviceKind.Cuda, ordinal);
            }

            throw new ConfigurationException($"{source}: '{text}' has no device number after 'cuda:'; expected cuda:0, cuda:1, ...");
        }

        throw new ConfigurationException($"{source}: unknown device '{text}'; expected auto, cpu, cuda or cuda:N.{NameSuggestions.Hint(t, ["auto", "cpu", "cuda"])}");
    }

    public override string ToString() => Kind switch
    {
        DeviceKind.Auto => "auto",
        DeviceKind.Cpu => "cpu",
        _ => string.Create(CultureInfo.InvariantCulture, $"cuda:{Ordinal}"),
    };
}
