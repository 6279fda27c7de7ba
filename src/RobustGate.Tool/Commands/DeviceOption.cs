using System.CommandLine;
using RobustGate.Engine.Tensors;

namespace RobustGate.Tool.Commands;

/// <summary>
/// <c>--device auto|cpu|cuda|cuda:N</c> on every command that runs a model. <see cref="Cli"/>
/// activates the device before the command runs, so commands never deal with it themselves.
/// </summary>
internal static class DeviceOption
{
    public const string Name = "--device";

    public static void AddTo(Command command)
        => command.Options.Add(new Option<string>(Name)
        {
            Description = $"Where kernels run: auto (CUDA when a device opens here, else CPU), cpu, cuda or cuda:N. Default: ${ComputeDevices.DefaultVariable}, else auto.",
            HelpName = "auto|cpu|cuda[:N]",
        });

    /// <summary>Activates the device the parsed command asks for; commands without the option run on what is current.</summary>
    public static ActiveDevice? Apply(ParseResult parse)
    {
        if (parse.CommandResult.Command.Options.FirstOrDefault(o => o.Name == Name) is not Option<string> option)
        {
            return null;
        }

        var text = parse.GetValue(option);
        return ComputeDevices.Use(text is null ? ComputeDevices.DefaultRequest() : DeviceRequest.Parse(text));
    }
}
