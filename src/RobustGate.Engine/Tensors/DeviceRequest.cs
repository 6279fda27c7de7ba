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
        => TryParse(text, out var request, out var problem) ? request! : throw new ConfigurationException($"{source}: {problem}");

    /// <summary>Parses auto, cpu, cuda (or gpu) and cuda:N; otherwise <paramref name="problem"/> says what was expected, with "did you mean" where a name is close.</summary>
    public static bool TryParse(string text, out DeviceRequest? request, out string? problem)
    {
        ArgumentNullException.ThrowIfNull(text);
        var t = text.Trim().ToLowerInvariant();
        request = t switch
        {
            "auto" => Auto,
            "cpu" => Cpu,
            "cuda" or "gpu" => new DeviceRequest(DeviceKind.Cuda),
            _ => null,
        };
        problem = null;
        if (request is not null)
        {
            return true;
        }

        if (t.StartsWith("cuda:", StringComparison.Ordinal))
        {
            if (int.TryParse(t.AsSpan(5), NumberStyles.None, CultureInfo.InvariantCulture, out var ordinal))
            {
                request = new DeviceRequest(DeviceKind.Cuda, ordinal);
                return true;
            }

            problem = $"'{text}' has no device number after 'cuda:'; expected cuda:0, cuda:1, ...";
            return false;
        }

        problem = $"unknown device '{text}'; expected auto, cpu, cuda or cuda:N.{NameSuggestions.Hint(t, ["auto", "cpu", "cuda"])}";
        return false;
    }

    public override string ToString() => Kind switch
    {
        DeviceKind.Auto => "auto",
        DeviceKind.Cpu => "cpu",
        _ => string.Create(CultureInfo.InvariantCulture, $"cuda:{Ordinal}"),
    };
}
