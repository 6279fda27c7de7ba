using System.CommandLine;
using System.Globalization;
using RobustGate.Engine.Configuration;
using RobustGate.Engine.Gating;
using RobustGate.Engine.Reporting;

namespace RobustGate.Tool.Commands;

/// <summary>
/// <c>robustgate gate</c>: decide pass/fail for an existing report (e.g. a merged one), with the
/// rules given here, in robustgate.json, or recorded in the report. Exit code as for check.
/// </summary>
internal static class GateCommand
{
    public static Command Create(ToolConsole console)
    {
        var report = new Argument<FileInfo>("report") { Description = "report.json to gate." };
        var baseline = new Option<FileInfo?>("--baseline") { Description = "Baseline report for paired comparison rules (default: the one robustgate.json names)." };
        var config = new Option<FileInfo?>("--config") { Description = "Take the gate rules, significance and baseline report from this robustgate.json." };
        var rules = new Option<string[]>("--rule") { Description = "Gate rule (repeatable); overrides the config and the report's rules." };
        var significance = new Option<double?>("--significance") { Description = "Significance level of paired comparisons." };
        var summary = new Option<FileInfo?>("--summary") { Description = "Append the Markdown report to this file (e.g. $GITHUB_STEP_SUMMARY)." };
        var github = new Option<bool>("--github-annotations") { Description = "Print failed rules as GitHub Actions ::error annotations." };
        var command = new Command("gate", "Gate an existing report: pass/fail with RG codes, exit code 0 or 1.")
        {
            report, baseline, config, rules, significance, summary, github,
        };
        command.SetAction(parse =>
        {
            var candidate = ReportJsonReader.ReadFile(parse.GetValue(report)!.FullName);
            var configFile = parse.GetValue(config)?.FullName;
            var configuration = configFile is null ? null : ConfigurationLoader.Load(configFile);

            // --baseline wins; otherwise the baseline report robustgate.json names, as check would use.
            var baselinePath = parse.GetValue(baseline)?.FullName
                ?? (configuration?.Baseline is { Kind: BaselineSourceKind.Report, ReportPath: { } configured } ? configured : null);
            var baselineReport = baselinePath is null ? null : ReportJsonReader.ReadFile(baselinePath);
            GatePolicy policy;
            if (parse.GetValue(rules) is { Length: > 0 } given)
            {
                policy = GatePolicy.FromStrings(given, parse.GetValue(significance) ?? candidate.Gate.Significance);
            }
            else if (configuration is not null)
            {
                var gate = configuration.Gate;
                policy = new GatePolicy(gate.Rules, parse.GetValue(significance) ?? gate.Significance);
            }
            else
            {
                var recorded = GatePolicy.FromReport(candidate);
                policy = new GatePolicy(recorded.Rules, parse.GetValue(significance) ?? recorded.Significance);
            }

            var gated = candidate with { Gate = policy.Evaluate(candidate, baselineReport) };
            ReportConsole.Print(console, gated, configFile);
            if (parse.GetValue(github))
            {
                GitHubAnnotations.Write(console.Out, gated, configFile);
            }

            if (parse.GetValue(summary) is { } summaryFile)
            {
                File.AppendAllText(summaryFile.FullName, ReportExporters.Get("markdown").Render(gated) + "\n");
            }

            return gated.Gate.ExitCode;
        });
        return command;
    }
}
