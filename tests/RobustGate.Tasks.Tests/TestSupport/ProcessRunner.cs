using System.Diagnostics;
using System.Text;

namespace RobustGate.Tasks.Tests.TestSupport;

/// <summary>
/// Runs a child process (dotnet, bash) with captured output, a clean environment for MSBuild and
/// NuGet, and a time limit. The test host inherits MSBuild variables from `dotnet test`; a child
/// `dotnet build` must not see them, or it would not behave like a user's build.
/// </summary>
internal static class ProcessRunner
{
    public static ProcessResult Run(string fileName, IEnumerable<string> arguments, string workingDirectory,
        IReadOnlyDictionary<string, string?>? environment = null, TimeSpan? timeout = null)
    {
        var info = new ProcessStartInfo(fileName)
        {
            WorkingDirectory = workingDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            UseShellExecute = false,
        };
        foreach (var argument in arguments)
        {
            info.ArgumentList.Add(argument);
        }

        foreach (var name in info.Environment.Keys.Where(k => k.StartsWith("MSBuild", StringComparison.OrdinalIgnoreCase) || k.StartsWith("VSTEST", StringComparison.OrdinalIgnoreCase)).ToList())
        {
            info.Environment.Remove(name);
        }

        info.Environment["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1";
        info.Environment["DOTNET_NOLOGO"] = "1";
        info.Environment["DOTNET_SKIP_FIRST_TIME_EXPERIENCE"] = "1";
        info.Environment["DOTNET_CLI_UI_LANGUAGE"] = "en";
        info.Environment["MSBUILDDISABLENODEREUSE"] = "1";
        info.Environment["DOTNET_CLI_USE_MSBUILD_SERVER"] = "0";
        info.Environment["MSBUILDTERMINALLOGGER"] = "off";
        foreach (var (name, value) in environment ?? new Dictionary<string, string?>())
        {
            if (value is null)
            {
                info.Environment.Remove(name);
            }
            else
            {
                info.Environment[name] = value;
            }
        }

        var output = new StringBuilder();
        var error = new StringBuilder();
        using var process = new Process { StartInfo = info };
        process.OutputDataReceived += (_, e) => Append(output, e.Data);
        process.ErrorDataReceived += (_, e) => Append(error, e.Data);
        process.Start();
        process.StandardInput.Close();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        var limit = timeout ?? TimeSpan.FromMinutes(5);
        if (!process.WaitForExit(limit))
        {
            process.Kill(entireProcessTree: true);
            process.WaitForExit();
            return new ProcessResult(-1, output.ToString(), error + $"\n(killed after {limit.TotalSeconds:0} s)", $"{fileName} {string.Join(' ', arguments)}");
        }

        process.WaitForExit(); // flushes the asynchronous readers
        return new ProcessResult(process.ExitCode, output.ToString(), error.ToString(), $"{fileName} {string.Join(' ', arguments)}");
    }

    public static ProcessResult Dotnet(string workingDirectory, IReadOnlyDictionary<string, string?>? environment, params string[] arguments) =>
        Run("dotnet", arguments, workingDirectory, environment);

    private static void Append(StringBuilder builder, string? line)
    {
        if (line is null)
        {
            return;
        }

        lock (builder)
        {
            builder.Append(line).Append('\n');
        }
    }
}

internal sealed record ProcessResult(int ExitCode, string Output, string Error, string Command)
{
    public override string ToString() => $"{Command}\nexit {ExitCode}\n--- stdout ---\n{Output}\n--- stderr ---\n{Error}";
}
