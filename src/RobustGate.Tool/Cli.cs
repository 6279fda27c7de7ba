using System.CommandLine;
using RobustGate.Engine;

namespace RobustGate.Tool;

/// <summary>
/// Builds the command tree and maps engine errors to exit codes. Each command lives in its own
/// file under Commands/ and only turns options into engine calls and engine results into output.
/// </summary>
public static class Cli
{
    public static Command BuildRoot(ToolConsole console)
    {
        // A plain Command rather than RootCommand: RootCommand names itself after the host process
        // ('dotnet-robustgate', or 'testhost' under tests), and help should say 'robustgate'.
        var root = new Command("robustgate", "RobustGate: robustness as a build property of an image classifier.")
        {
            new System.CommandLine.Help.HelpOption(),
            new VersionOption(),
        };
        foreach (var command in CommandRegistry.All(console))
        {
            root.Subcommands.Add(command);
        }

        return root;
    }

    public static int Run(string[] args, TextWriter stdout, TextWriter stderr, bool? interactive = null)
    {
        var console = new ToolConsole(stdout, stderr, interactive ?? (!Console.IsOutputRedirected && ReferenceEquals(stdout, Console.Out)));
        var root = BuildRoot(console);
        var parse = root.Parse(args);
        if (parse.Errors.Count > 0)
        {
            // System.CommandLine would exit 1 on a parse error; 1 means "robustness regressed" here.
            foreach (var error in parse.Errors)
            {
                stderr.WriteLine($"error: {error.Message}");
            }

            stderr.WriteLine($"Run 'robustgate {string.Join(' ', CommandPath(parse))} --help' for usage.".Replace("  ", " ", StringComparison.Ordinal));
            return ExitCodes.UsageOrConfiguration;
        }

        try
        {
            Commands.DeviceOption.Announce(Commands.DeviceOption.Apply(parse), stderr);

            return parse.Invoke(new InvocationConfiguration { Output = stdout, Error = stderr, EnableDefaultExceptionHandler = false });
        }
        catch (RobustGateException ex)
        {
            console.EndProgressLine();
            stderr.WriteLine($"error: {ex.Message}");
            return ex.ExitCode;
        }
        catch (OperationCanceledException)
        {
            console.EndProgressLine();
            stderr.WriteLine("error: cancelled");
            return 130;
        }
    }

    private static IEnumerable<string> CommandPath(ParseResult parse)
    {
        var names = new List<string>();
        for (var result = parse.CommandResult; result is not null && result.Parent is not null; result = result.Parent as System.CommandLine.Parsing.CommandResult)
        {
            names.Insert(0, result.Command.Name);
        }

        return names;
    }
}
