using RobustGate.Tasks.Tests.TestSupport;

namespace RobustGate.Tasks.Tests.Tasks;

/// <summary>
/// The task against a stand-in tool (a shell script that records its arguments, writes a given
/// report.json and exits with a given code): which arguments reach the tool, and how exit codes
/// and failed rules become MSBuild errors, warnings and outputs. The real tool runs in EndToEnd.
/// </summary>
public sealed class RobustGateCheckTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("rg-task-").FullName;

    private const string FailingReport = """
        {"schema": "robustgate-report/1",
         "summary": {"clean_error": 0.25, "mean_corruption_error": 0.5, "mce": 1.125, "verdict": "fail"},
         "gate": {"verdict": "fail", "significance": 0.05, "rules": [
           {"id": "RG1001", "rule": "mce <= 1.0", "passed": false, "message": "mCE 1.125 > 1.000"},
           {"id": "RG1003", "rule": "clean_error increase vs baseline <= 0.010", "passed": true, "message": "ok"},
           {"id": "RG1002", "rule": "mean_corruption_error increase vs baseline <= 0.010", "passed": false, "message": "mean corruption error rose by 0.100"}]}}
        """;

    private const string PassingReport = """
        {"schema": "robustgate-report/1",
         "summary": {"clean_error": 0.125, "mean_corruption_error": 0.25, "mce": null, "verdict": "pass"},
         "gate": {"verdict": "pass", "significance": 0.05, "rules": []}}
        """;

    private (RobustGateCheck Task, RecordingBuildEngine Engine) Create(int exitCode, string? report, string? stderr = null)
    {
        var config = Path.Combine(_folder, "robustgate.json");
        File.WriteAllText(config, "{}");
        var reportSource = Path.Combine(_folder, "report-source.json");
        if (report is not null)
        {
            File.WriteAllText(reportSource, report);
        }

        var script = Path.Combine(_folder, "fake-robustgate");
        File.WriteAllText(script, $$"""
            #!/usr/bin/env bash
            printf '%s\n' "$@" > "{{_folder}}/args.txt"
            dir=""
            while (( $# )); do if [[ $1 == --report-dir ]]; then dir=$2; fi; shift; done
            mkdir -p "$dir"
            {{(report is null ? string.Empty : $"cp \"{reportSource}\" \"$dir/report.json\"; echo '# md' > \"$dir/report.md\"")}}
            echo "smallcnn table line"
            {{(stderr is null ? string.Empty : $"echo '{stderr}' >&2")}}
            exit {{exitCode}}
            """.Replace("\r\n", "\n", StringComparison.Ordinal));
        if (!OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(script, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        }
        var engine = new RecordingBuildEngine();
        var task = new RobustGateCheck
        {
            BuildEngine = engine,
            ConfigFile = config,
            ReportDirectory = Path.Combine(_folder, "reports"),
            ToolExecutable = script,
            WorkingDirectory = _folder,
        };
        return (task, engine);
    }

    private string[] Arguments => File.ReadAllLines(Path.Combine(_folder, "args.txt"));

    [Fact]
    public void Passing_report_sets_the_outputs_and_logs_the_summary_line()
    {
        var (task, engine) = Create(0, PassingReport);
        task.Baseline = "baseline/report.json";
        task.Shard = "2/4";
        task.Device = "cuda:1";
        task.Rules = ["mce <= 0.8", "clean_error <= 0.2"];
        task.Formats = "markdown,html";
        task.ExtraArguments = "--limit 50";
        Assert.True(task.Execute());
        Assert.Empty(engine.Errors);
        Assert.Equal("pass", task.Verdict);
        Assert.Equal(string.Empty, task.Mce);
        Assert.Equal("0.25", task.MeanCorruptionError);
        Assert.Equal("0.125", task.CleanError);
        Assert.Equal(Path.Combine(_folder, "reports", "report.json"), task.ReportJson);
        Assert.Equal(["report.json", "report.md"], task.Reports.Select(r => Path.GetFileName(r.ItemSpec)));
        Assert.Contains(engine.Messages, m => m.Importance == Microsoft.Build.Framework.MessageImportance.High
            && m.Message == $"RobustGate: gate pass: mCE n/a, mean corruption error 0.250, clean error 0.125 -> {task.ReportJson}");
        Assert.Equal(
            ["check", "--config", Path.Combine(_folder, "robustgate.json"), "--report-dir", Path.Combine(_folder, "reports"),
             "--baseline", "baseline/report.json", "--shard", "2/4", "--device", "cuda:1", "--rule", "mce <= 0.8", "--rule", "clean_error <= 0.2",
             "--formats", "json,markdown,html", "--limit", "50"],
            Arguments);
    }

    [Fact]
    public void Each_failed_rule_becomes_an_error_with_its_code_located_in_the_config_file()
    {
        var (task, engine) = Create(1, FailingReport, stderr: "robustgate.json: error RG1001: mCE 1.125 > 1.000");
        Assert.False(task.Execute());
        Assert.Equal(["RG1001", "RG1002"], engine.Errors.Select(e => e.Code));
        Assert.All(engine.Errors, e => Assert.Equal(task.ConfigFile, e.File));
        Assert.Equal("mCE 1.125 > 1.000 (rule: mce <= 1.0)", engine.Errors[0].Message);
        Assert.Equal("fail", task.Verdict);
        Assert.Equal("1.125", task.Mce);
    }

    [Fact]
    public void FailOnRegression_false_turns_the_errors_into_warnings()
    {
        var (task, engine) = Create(1, FailingReport);
        task.FailOnRegression = false;
        Assert.True(task.Execute());
        Assert.Empty(engine.Errors);
        Assert.Equal(["RG1001", "RG1002"], engine.Warnings.Select(w => w.Code));
        Assert.Equal("fail", task.Verdict);
    }

    [Fact]
    public void Configuration_errors_of_the_tool_become_RG0002_with_the_tool_message()
    {
        var (task, engine) = Create(2, report: null, stderr: "error: robustgate.json: $.model.arch: expected a string, found number");
        Assert.False(task.Execute());
        var error = Assert.Single(engine.Errors);
        Assert.Equal("RG0002", error.Code);
        Assert.Contains("$.model.arch: expected a string", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Exit_code_1_without_a_failed_rule_is_not_a_silent_pass()
    {
        var (task, engine) = Create(1, PassingReport);
        Assert.False(task.Execute());
        Assert.Equal("RG1000", Assert.Single(engine.Errors).Code);
    }

    [Fact]
    public void Missing_report_after_a_pass_exit_is_an_error_and_a_stale_report_is_never_read()
    {
        var (task, engine) = Create(0, report: null);
        Directory.CreateDirectory(Path.Combine(_folder, "reports"));
        File.WriteAllText(Path.Combine(_folder, "reports", "report.json"), PassingReport);
        Assert.False(task.Execute());
        var error = Assert.Single(engine.Errors);
        Assert.Equal("RG0004", error.Code);
        Assert.Contains("Last output: smallcnn table line", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Unreadable_report_is_RG0005_naming_the_field()
    {
        var (task, engine) = Create(0, "{\"schema\": \"robustgate-report/1\", \"summary\": {}}");
        Assert.False(task.Execute());
        var error = Assert.Single(engine.Errors);
        Assert.Equal("RG0005", error.Code);
        Assert.Contains("$.gate: expected an object", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Tool_that_is_not_installed_is_RG0004_with_a_hint()
    {
        // What `dotnet robustgate` does without a tool manifest: exit 1, a message, no report.
        var (task, engine) = Create(1, report: null, stderr: "Could not execute because the specified command or file was not found.");
        Assert.False(task.Execute());
        var error = Assert.Single(engine.Errors);
        Assert.Equal("RG0004", error.Code);
        Assert.Contains("dotnet tool restore", error.Message, StringComparison.Ordinal);
        Assert.Contains("Could not execute", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Missing_config_file_is_RG0001_naming_the_file()
    {
        var (task, engine) = Create(0, PassingReport);
        task.ConfigFile = Path.Combine(_folder, "nope.json");
        Assert.False(task.Execute());
        var error = Assert.Single(engine.Errors);
        Assert.Equal("RG0001", error.Code);
        Assert.Equal(Path.Combine(_folder, "nope.json"), error.File);
        Assert.False(File.Exists(Path.Combine(_folder, "args.txt")), "the tool must not run without a configuration file");
    }

    public void Dispose() => Directory.Delete(_folder, recursive: true);
}
