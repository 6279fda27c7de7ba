using System.CommandLine;
using System.Globalization;
using RobustGate.Engine.Models;

namespace RobustGate.Tool.Commands;

/// <summary><c>robustgate models</c>: the architectures <c>--arch</c> accepts, with their input sizes.</summary>
internal static class ModelsCommand
{
    public static Command Create(ToolConsole console)
    {
        var command = new Command("models", "List the model architectures with their expected input sizes.");
        command.SetAction(_ =>
        {
            var rows = ModelRegistry.All
                .Select(m => (m.Name, Input: string.Create(CultureInfo.InvariantCulture, $"{m.InputSize.C}x{m.InputSize.H}x{m.InputSize.W}"), Classes: m.DefaultClasses.ToString(CultureInfo.InvariantCulture), m.Description))
                .ToList();
            var nameWidth = Math.Max(4, rows.Max(r => r.Name.Length));
            var inputWidth = Math.Max(5, rows.Max(r => r.Input.Length));
            console.WriteLine($"{"name".PadRight(nameWidth)}  {"input".PadRight(inputWidth)}  classes  description");
            foreach (var row in rows)
            {
                console.WriteLine($"{row.Name.PadRight(nameWidth)}  {row.Input.PadRight(inputWidth)}  {row.Classes,7}  {row.Description}");
            }

            return 0;
        });
        return command;
    }
}
