using System.CommandLine;
using RobustGate.Engine.Tensors;

namespace RobustGate.Tool.Commands;

/// <summary>
/// <c>--device auto|cpu|cuda|cuda:N</c> on every command that runs a model. <see cref="Cli"/>
/// activates the device before the command runs, so commands never deal with it themselves,
/// except <c>check</c>, whose robustgate.json may name a device: there the order is
/// <c>--device</c>, then <c>ROBUSTGATE_DEVICE</c>, then the configuration's <c>device</c>, then auto,
/// and the command activates it once the configuration is read (<see cref="ApplyConfigured"/>).
/// </summary>
internal static class DeviceOption
{
    public const string Name = "--device";

    public static void AddTo(Command command, bool defersToConfiguration = false)
        => command.Options.Add(new Definition(defersToConfiguration)
        {
            Description = defersToConfiguration
                ? $"Where kernels run: auto (CUDA when a device opens here, else CPU), cpu, cuda or cuda:N. Default: ${ComputeDevices.DefaultVariable}, else the configuration's device, else auto."
                : $"Where kernels run: auto (CUDA when a device opens here, else CPU), cpu, cuda or cuda:N. Default: ${ComputeDevices.DefaultVariable}, else auto.",
            HelpName = "auto|cpu|cuda[:N]",
        });

    /// <summary>
    /// Activates the device the parsed command asks for; commands without the option run on what
    /// is current, and a command that defers to its configuration waits unless a device was named
    /// on the command line or in the environment.
    /// </summary>
    public static ActiveDevice? Apply(ParseResult parse)
    {
        if (Find(parse) is not Definition option)
        {
            return null;
        }

        return Choose(parse.GetValue(option), EnvironmentRequest, option.DefersToConfiguration, null) is { } request
            ? ComputeDevices.Use(request)
            : null;
    }

    /// <summary>
    /// For a command that defers to its configuration: activates <paramref name="configured"/> (else
    /// auto) unless <c>--device</c> or the environment already chose, and says so on stderr.
    /// </summary>
    public static void ApplyConfigured(ParseResult parse, DeviceRequest? configured, TextWriter stderr)
    {
        ArgumentNullException.ThrowIfNull(stderr);
        if (Find(parse) is not Definition option)
        {
            return;
        }

        var (flag, environment) = (parse.GetValue(option), EnvironmentRequest);
        if (Choose(flag, environment, waitForConfiguration: true, null) is null)
        {
            // Nothing named on the command line or in the environment (else Apply activated that).
            Announce(ComputeDevices.Use(Choose(flag, environment, waitForConfiguration: false, configured)!), stderr);
        }
    }

    /// <summary>One stderr line when kernels run anywhere but the CPU, so logs show where a report came from.</summary>
    public static void Announce(ActiveDevice? device, TextWriter stderr)
    {
        if (device is { Description: var description, ReportName: not "cpu" })
        {
            stderr.WriteLine($"device: {description}");
        }
    }

    private static string? EnvironmentRequest => Environment.GetEnvironmentVariable(ComputeDevices.DefaultVariable);

    private static Option? Find(ParseResult parse) => parse.CommandResult.Command.Options.FirstOrDefault(o => o.Name == Name);

    /// <summary>
    /// The precedence in one place: <paramref name="flag"/> (<c>--device</c>), then
    /// <paramref name="environment"/> (<c>ROBUSTGATE_DEVICE</c>), then — when the command does not
    /// wait for its configuration (null: decide later) — <paramref name="configured"/>, then auto.
    /// </summary>
    internal static DeviceRequest? Choose(string? flag, string? environment, bool waitForConfiguration, DeviceRequest? configured)
    {
        if (flag is not null)
        {
            return DeviceRequest.Parse(flag);
        }

        if (environment is { Length: > 0 })
        {
            return DeviceRequest.Parse(environment, ComputeDevices.DefaultVariable);
        }

        return waitForConfiguration ? null : configured ?? DeviceRequest.Auto;
    }

    private sealed class Definition(bool defersToConfiguration) : Option<string>(DeviceOption.Name)
    {
        public bool DefersToConfiguration { get; } = defersToConfiguration;
    }
}
