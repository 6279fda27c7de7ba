using System.Globalization;
using Microsoft.Build.Framework;
using Microsoft.Build.Utilities;

namespace RobustGate.Tasks;

/// <summary>
/// Runs <c>robustgate check</c> out of process (the evaluation is heavy and must not load model
/// code into MSBuild), then reads report.json and reports each failed gate rule as an MSBuild
/// error (or warning) with its RG code and the configuration file as its location. The tool's
/// exit code and the report's verdict decide; this task never re-evaluates a rule.
/// </summary>
public sealed class RobustGateCheck : ToolTask
{
    private const int ExitPass = 0;
    private const int ExitRegression = 1;
    private const int ExitUsageOrConfiguration = 2;
    private const int ExitBadInput = 3;

    private const int TailLines = 5;

    private readonly List<string> _toolErrors = [];
    private readonly Queue<string> _outputTail = new();

    /// <summary>robustgate.json of the model project.</summary>
    [Required]
    public string ConfigFile { get; set; } = string.Empty;

    /// <summary>Folder that receives report.json, report.md, report.xml and report.html.</summary>
    [Required]
    public string ReportDirectory { get; set; } = string.Empty;

    /// <summary>Baseline report.json, <c>alexnet</c> or <c>none</c>; empty = the configuration's.</summary>
    public string? Baseline { get; set; }

    /// <summary><c>k/N</c>: evaluate one shard and write a partial report; empty = everything.</summary>
    public string? Shard { get; set; }

    /// <summary><c>auto</c>, <c>cpu</c>, <c>cuda</c> or <c>cuda:N</c>; empty = ROBUSTGATE_DEVICE, else the configuration's device, else auto.</summary>
    public string? Device { get; set; }

    /// <summary>Gate rules that replace the configuration's (e.g. <c>mce &lt;= 0.8</c>).</summary>
    public string[]? Rules { get; set; }

    /// <summary>Comma-separated report formats (json is always written, the task needs it).</summary>
    public string? Formats { get; set; }

    /// <summary>Further arguments for <c>check</c>, e.g. <c>--limit 500</c>.</summary>
    public string? ExtraArguments { get; set; }

    /// <summary>
    /// The robustgate executable (an apphost such as <c>dotnet-robustgate</c> from a global or
    /// --tool-path install) or <c>robustgate.dll</c>; empty = <c>dotnet robustgate</c> from the
    /// tool manifest that governs <see cref="WorkingDirectory"/>.
    /// </summary>
    public string? ToolExecutable { get; set; }

    /// <summary>Where the tool runs (and where a tool manifest is looked up); default: the current directory.</summary>
    public string? WorkingDirectory { get; set; }

    /// <summary>True (default): failed rules are errors and fail the build; false: warnings.</summary>
    public bool FailOnRegression { get; set; } = true;

    [Output]
    public string ReportJson { get; private set; } = string.Empty;

    /// <summary>Every report file the check wrote (report.json, report.md, ...).</summary>
    [Output]
    public ITaskItem[] Reports { get; private set; } = [];

    /// <summary><c>pass</c> or <c>fail</c>, as the tool decided.</summary>
    [Output]
    public string Verdict { get; private set; } = string.Empty;

    /// <summary>mCE with invariant formatting; empty when the report has none (no baseline).</summary>
    [Output]
    public string Mce { get; private set; } = string.Empty;

    [Output]
    public string MeanCorruptionError { get; private set; } = string.Empty;

    [Output]
    public string CleanError { get; private set; } = string.Empty;

    protected override string ToolName => RunsThroughDotnet ? "dotnet" : Path.GetFileName(ToolExecutable!);

    private bool RunsThroughDotnet => string.IsNullOrWhiteSpace(ToolExecutable)
        || ToolExecutable!.EndsWith(".dll", StringComparison.OrdinalIgnoreCase);

    public override bool Execute()
    {
        ConfigFile = Path.GetFullPath(ConfigFile);
        if (!File.Exists(ConfigFile))
        {
            Log.LogError(null, "RG0001", null, ConfigFile, 0, 0, 0, 0, "RobustGate configuration file not found (set RobustGateConfig to the model's robustgate.json).");
            return false;
        }

        ReportDirectory = Path.GetFullPath(ReportDirectory);
        ReportJson = Path.Combine(ReportDirectory, "report.json");
        // A report left by an earlier run must never stand in for this one.
        if (File.Exists(ReportJson))
        {
            File.Delete(ReportJson);
        }

        _ = base.Execute();
        if (ExitCode is ExitPass or ExitRegression)
        {
            return ReportGate();
        }

        if (ExitCode is ExitUsageOrConfiguration or ExitBadInput)
        {
            var detail = _toolErrors.Count > 0 ? string.Join(" | ", _toolErrors) : "see the tool output above";
            Log.LogError(null, ExitCode == ExitBadInput ? "RG0003" : "RG0002", null, ConfigFile, 0, 0, 0, 0, "robustgate check failed with exit code {0}: {1}", ExitCode, detail);
            return false;
        }

        return ToolDidNotReport();
    }

    /// <summary>A crash, or a tool that never ran (e.g. `dotnet robustgate` without a restored tool manifest).</summary>
    private bool ToolDidNotReport()
    {
        Log.LogError(null, "RG0004", null, ConfigFile, 0, 0, 0, 0,
            "robustgate check exited with code {0} and wrote no {1}; is the tool installed (dotnet tool restore, or set RobustGateToolPath)? Last output: {2}",
            ExitCode, ReportJson, _outputTail.Count > 0 ? string.Join(" | ", _outputTail) : "none");
        return false;
    }

    private bool ReportGate()
    {
        if (!File.Exists(ReportJson))
        {
            return ToolDidNotReport();
        }

        GateOutcome outcome;
        try
        {
            outcome = GateReportReader.ReadFile(ReportJson);
        }
        catch (InvalidDataException e)
        {
            Log.LogError(null, "RG0005", null, ConfigFile, 0, 0, 0, 0, "robustgate check exited with {0} but its report is unusable: {1}", ExitCode, e.Message);
            return false;
        }

        var inv = CultureInfo.InvariantCulture;
        Verdict = outcome.Verdict;
        Mce = outcome.Mce?.ToString("R", inv) ?? string.Empty;
        MeanCorruptionError = outcome.MeanCorruptionError?.ToString("R", inv) ?? string.Empty;
        CleanError = outcome.CleanError?.ToString("R", inv) ?? string.Empty;
        Reports = [.. Directory.GetFiles(ReportDirectory, "report.*").Order(StringComparer.Ordinal).Select(p => new TaskItem(p))];

        foreach (var rule in outcome.FailedRules)
        {
            var message = string.IsNullOrEmpty(rule.Rule) ? rule.Message : $"{rule.Message} (rule: {rule.Rule})";
            if (FailOnRegression)
            {
                Log.LogError(null, rule.Id, null, ConfigFile, 0, 0, 0, 0, "{0}", message);
            }
            else
            {
                Log.LogWarning(null, rule.Id, null, ConfigFile, 0, 0, 0, 0, "{0}", message);
            }
        }

        if (ExitCode == ExitRegression && outcome.FailedRules.Count == 0)
        {
            // The tool said "regression" but listed no rule: say so rather than pass silently.
            Log.LogError(null, "RG1000", null, ConfigFile, 0, 0, 0, 0, "robustgate check reported a regression (exit code 1) without a failed rule; see {0}", ReportJson);
        }

        Log.LogMessage(MessageImportance.High, "RobustGate: gate {0}: mCE {1}, mean corruption error {2}, clean error {3} -> {4}",
            outcome.Verdict, Format(outcome.Mce), Format(outcome.MeanCorruptionError), Format(outcome.CleanError), ReportJson);
        return !Log.HasLoggedErrors;
    }

    private static string Format(double? value) => value?.ToString("0.000", CultureInfo.InvariantCulture) ?? "n/a";

    protected override string GenerateFullPathToTool()
    {
        if (!RunsThroughDotnet)
        {
            return Path.GetFullPath(ToolExecutable!);
        }

        // Inside `dotnet build` the host that runs MSBuild is the dotnet to use.
        var host = Environment.GetEnvironmentVariable("DOTNET_HOST_PATH");
        return string.IsNullOrEmpty(host) ? "dotnet" : host;
    }

    protected override string? GetWorkingDirectory() => string.IsNullOrWhiteSpace(WorkingDirectory) ? null : WorkingDirectory;

    protected override string GenerateCommandLineCommands()
    {
        var builder = new CommandLineBuilder();
        if (RunsThroughDotnet)
        {
            builder.AppendFileNameIfNotNull(string.IsNullOrWhiteSpace(ToolExecutable) ? "robustgate" : Path.GetFullPath(ToolExecutable));
        }

        builder.AppendSwitch("check");
        builder.AppendSwitchIfNotNull("--config ", ConfigFile);
        builder.AppendSwitchIfNotNull("--report-dir ", ReportDirectory);
        if (!string.IsNullOrWhiteSpace(Baseline))
        {
            builder.AppendSwitchIfNotNull("--baseline ", Baseline!.Trim());
        }

        if (!string.IsNullOrWhiteSpace(Shard))
        {
            builder.AppendSwitchIfNotNull("--shard ", Shard!.Trim());
        }

        if (!string.IsNullOrWhiteSpace(Device))
        {
            builder.AppendSwitchIfNotNull("--device ", Device!.Trim());
        }

        foreach (var rule in Rules ?? [])
        {
            if (!string.IsNullOrWhiteSpace(rule))
            {
                builder.AppendSwitchIfNotNull("--rule ", rule.Trim());
            }
        }

        if (!string.IsNullOrWhiteSpace(Formats))
        {
            var formats = Formats!.Split([',', ';'], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).ToList();
            if (!formats.Contains("json", StringComparer.OrdinalIgnoreCase))
            {
                formats.Insert(0, "json");
            }

            builder.AppendSwitchIfNotNull("--formats ", string.Join(",", formats));
        }

        if (!string.IsNullOrWhiteSpace(ExtraArguments))
        {
            builder.AppendTextUnquoted(" " + ExtraArguments!.Trim());
        }

        return builder.ToString();
    }

    /// <summary>
    /// Tool output is shown as messages, never parsed as canonical errors: the gate's errors come
    /// from report.json (one per failed rule), so they are not reported twice.
    /// </summary>
    protected override void LogEventsFromTextOutput(string singleLine, MessageImportance messageImportance)
    {
        if (singleLine.StartsWith("error: ", StringComparison.Ordinal))
        {
            _toolErrors.Add(singleLine["error: ".Length..]);
        }

        if (singleLine.Trim().Length > 0)
        {
            _outputTail.Enqueue(singleLine.Trim());
            if (_outputTail.Count > TailLines)
            {
                _outputTail.Dequeue();
            }
        }

        Log.LogMessage(messageImportance, "{0}", singleLine);
    }

    /// <summary>Exit codes are interpreted in <see cref="Execute"/>; no generic MSB6006 error.</summary>
    protected override bool HandleTaskExecutionErrors() => true;
}
