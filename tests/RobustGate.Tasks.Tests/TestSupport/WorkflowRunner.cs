using System.Text.RegularExpressions;

namespace RobustGate.Tasks.Tests.TestSupport;

/// <summary>
/// Runs the <c>run:</c> steps of a workflow job locally the way a GitHub runner does (bash
/// --noprofile --norc -eo pipefail, env: from the step, GITHUB_PATH/GITHUB_OUTPUT/
/// GITHUB_STEP_SUMMARY files, defaults.run.working-directory), so the tests execute the
/// workflow's own commands. Expressions are resolved from a table the test supplies; an
/// expression outside it fails the test. Of the <c>uses:</c> steps, checkout and setup-dotnet
/// are no-ops (the workspace is prepared, dotnet is installed) and upload/download-artifact are
/// emulated with folder copies; any other action fails the test.
/// </summary>
internal sealed partial class WorkflowRunner
{
    private readonly Dictionary<string, object?> _workflow;
    private readonly Dictionary<string, string> _artifacts = new(StringComparer.Ordinal);

    public WorkflowRunner(string workflowFile, string workspace, string runnerTemp)
    {
        _workflow = Assert.IsType<Dictionary<string, object?>>(YamlReader.ParseFile(workflowFile));
        Workspace = workspace;
        RunnerTemp = runnerTemp;
    }

    public string Workspace { get; }

    public string RunnerTemp { get; }

    /// <summary>Values of expressions, e.g. "inputs.config" or "github.repository".</summary>
    public Dictionary<string, string> Context { get; } = new(StringComparer.Ordinal);

    public IReadOnlyDictionary<string, string?> Environment { get; init; } = new Dictionary<string, string?>();

    public static Dictionary<string, object?> Job(Dictionary<string, object?> workflow, string name) =>
        Assert.IsType<Dictionary<string, object?>>(Assert.IsType<Dictionary<string, object?>>(workflow["jobs"])[name]);

    /// <summary>Runs the job's steps in order; stops at the first failing step, as a runner does.</summary>
    public JobResult RunJob(string jobName, string? matrixShard = null)
    {
        var job = Job(_workflow, jobName);
        var context = new Dictionary<string, string>(Context, StringComparer.Ordinal);
        if (matrixShard is not null)
        {
            context["matrix.shard"] = matrixShard;
        }

        context["runner.temp"] = RunnerTemp;
        var jobFolder = Path.Combine(RunnerTemp, "_job", $"{jobName}-{matrixShard}");
        Directory.CreateDirectory(jobFolder);
        var githubPath = Path.Combine(jobFolder, "path");
        var summary = Path.Combine(jobFolder, "summary.md");
        File.WriteAllText(githubPath, string.Empty);
        File.WriteAllText(summary, string.Empty);
        var workingDirectory = Workspace;
        if (job.TryGetValue("defaults", out var defaults) && defaults is Dictionary<string, object?> d
            && d["run"] is Dictionary<string, object?> run && run.TryGetValue("working-directory", out var wd))
        {
            workingDirectory = Path.GetFullPath(Path.Combine(Workspace, Resolve((string)wd!, context)));
        }

        var outputs = new Dictionary<string, string>(StringComparer.Ordinal);
        var log = new System.Text.StringBuilder();
        foreach (var stepNode in Assert.IsType<List<object?>>(job["steps"]))
        {
            var step = Assert.IsType<Dictionary<string, object?>>(stepNode);
            if (step.TryGetValue("uses", out var uses))
            {
                EmulateAction((string)uses!, step, context);
                continue;
            }

            var env = new Dictionary<string, string?>(Environment);
            if (step.TryGetValue("env", out var stepEnv) && stepEnv is Dictionary<string, object?> values)
            {
                foreach (var (name, value) in values)
                {
                    env[name] = Resolve((string?)value ?? string.Empty, context);
                }
            }

            var stepOutput = Path.Combine(jobFolder, $"output-{outputs.Count}-{log.Length}");
            File.WriteAllText(stepOutput, string.Empty);
            env["RUNNER_TEMP"] = RunnerTemp;
            env["GITHUB_WORKSPACE"] = Workspace;
            env["GITHUB_PATH"] = githubPath;
            env["GITHUB_OUTPUT"] = stepOutput;
            env["GITHUB_STEP_SUMMARY"] = summary;
            var added = File.ReadAllLines(githubPath).Where(l => l.Length > 0).Reverse();
            env["PATH"] = string.Join(':', added.Append(System.Environment.GetEnvironmentVariable("PATH") ?? string.Empty));
            var script = Path.Combine(jobFolder, "step.sh");
            File.WriteAllText(script, (string)step["run"]!);
            var result = ProcessRunner.Run("bash", ["--noprofile", "--norc", "-eo", "pipefail", script], workingDirectory, env, TimeSpan.FromMinutes(5));
            log.Append(result).Append('\n');
            if (step.TryGetValue("id", out var id))
            {
                foreach (var line in File.ReadAllLines(stepOutput).Where(l => l.Contains('=', StringComparison.Ordinal)))
                {
                    var eq = line.IndexOf('=', StringComparison.Ordinal);
                    context[$"steps.{id}.outputs.{line[..eq]}"] = line[(eq + 1)..];
                    outputs[line[..eq]] = line[(eq + 1)..];
                }
            }

            if (result.ExitCode != 0)
            {
                return new JobResult(result.ExitCode, log.ToString(), File.ReadAllText(summary), outputs);
            }
        }

        return new JobResult(0, log.ToString(), File.ReadAllText(summary), outputs);
    }

    private void EmulateAction(string uses, Dictionary<string, object?> step, Dictionary<string, string> context)
    {
        var with = step.TryGetValue("with", out var w) && w is Dictionary<string, object?> map ? map : new Dictionary<string, object?>();
        var action = uses[..uses.IndexOf('@', StringComparison.Ordinal)];
        switch (action)
        {
            case "actions/checkout" or "actions/setup-dotnet":
                return;
            case "actions/upload-artifact":
                if (step.TryGetValue("if", out var condition) && (string?)condition != "always()")
                {
                    throw new InvalidOperationException($"unexpected condition on {uses}: {condition}");
                }

                _artifacts[Resolve((string)with["name"]!, context)] = Resolve((string)with["path"]!, context);
                return;
            case "actions/download-artifact":
                var pattern = "^" + Regex.Escape(Resolve((string)with["pattern"]!, context)).Replace("\\*", ".*", StringComparison.Ordinal) + "$";
                var target = Resolve((string)with["path"]!, context);
                foreach (var (name, path) in _artifacts.Where(a => Regex.IsMatch(a.Key, pattern)))
                {
                    TestPaths.CopyDirectory(path, Path.Combine(target, name));
                }

                return;
            default:
                throw new InvalidOperationException($"the local runner does not know the action {uses}");
        }
    }

    public static string Resolve(string text, IReadOnlyDictionary<string, string> context) =>
        Expression().Replace(text, m => context.TryGetValue(m.Groups[1].Value.Trim(), out var value)
            ? value
            : throw new InvalidOperationException($"expression '{m.Groups[1].Value.Trim()}' has no value in this test"));

    [GeneratedRegex(@"\$\{\{(.*?)\}\}")]
    private static partial Regex Expression();
}

internal sealed record JobResult(int ExitCode, string Log, string Summary, IReadOnlyDictionary<string, string> Outputs)
{
    public override string ToString() => $"exit {ExitCode}\n{Log}";
}
