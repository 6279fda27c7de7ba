using System.CommandLine;

namespace RobustGate.Tool;

/// <summary>The list of top-level commands, in the order help shows them.</summary>
internal static class CommandRegistry
{
    public static IEnumerable<Command> All(ToolConsole console)
    {
        _ = console;
        yield break;
    }
}
