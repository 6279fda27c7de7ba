using System.CommandLine;

namespace RobustGate.Tool;

/// <summary>The list of top-level commands, in the order help shows them.</summary>
internal static class CommandRegistry
{
    public static IEnumerable<Command> All(ToolConsole console)
    {
        yield return Commands.CheckCommand.Create(console);
        yield return Commands.GateCommand.Create(console);
        yield return Commands.MergeCommand.Create(console);
        yield return Commands.BaselineCommand.Create(console);
        yield return Commands.CorruptCommand.Create(console);
        yield return Commands.CorruptionsCommand.Create(console);
        yield return Commands.ModelsCommand.Create(console);
        yield return Commands.PredictCommand.Create(console);
        yield return Commands.AttackCommand.Create(console);
        yield return Commands.TrainCommand.Create(console);
        yield return Commands.OverlapCommand.Create(console);
        yield return Commands.BenchCommand.Create(console);
        yield return Commands.DevicesCommand.Create(console);
    }
}
