using System.CommandLine;
using RobustGate.Engine;

namespace RobustGate.Tool;

/// <summary>
/// Builds the command tree and maps engine errors to exit codes. Each command lives in its own
/// file under Commands/ and only turns options into engine calls and engine results into output.
/// </summary>
public static class Cli
{
    public static RootCommand BuildRoot()
    {
        var root = new RootCommand("RobustGate: robustness as a build property of an image classifier.");
        foreach (var command in CommandRegistry.All())
        {
            root.Subcommands.Add(command);
        }

        return root;
    }

    public static int Run(string[] args, TextWriter stdout, TextWriter stderr)
    {
        var root = BuildRoot();
        var parse = root.Parse(args);
        try
        {
            return parse.Invoke(new InvocationConfiguration { Output = stdout, Error = stderr, EnableDefaultExceptionHandler = false });
        }
        catch (RobustGateException ex)
        {
            stderr.WriteLine($"error: {ex.Message}");
            return ex.ExitCode;
        }
        catch (OperationCanceledException)
        {
            stderr.WriteLine("error: cancelled");
            return 130;
        }
    }
}
