using RobustGate.Engine.Reporting;

namespace RobustGate.Tool;

/// <summary>Failed gate rules as GitHub Actions workflow commands, pointing at the configuration file.</summary>
internal static class GitHubAnnotations
{
    public static void Write(TextWriter output, Report report, string? configFile)
    {
        var file = configFile is null ? string.Empty : $"file={Escape(Path.GetRelativePath(Directory.GetCurrentDirectory(), configFile), property: true)},";
        foreach (var rule in report.Gate.Rules.Where(r => !r.Passed))
        {
            output.WriteLine($"::error {file}title={Escape(rule.Id, property: true)}::{Escape(rule.Message, property: false)}");
        }
    }

    // The escaping GitHub's runner expects in workflow commands (toolkit's escapeData / escapeProperty).
    private static string Escape(string value, bool property)
    {
        var escaped = value.Replace("%", "%25", StringComparison.Ordinal).Replace("\r", "%0D", StringComparison.Ordinal).Replace("\n", "%0A", StringComparison.Ordinal);
        return property ? escaped.Replace(":", "%3A", StringComparison.Ordinal).Replace(",", "%2C", StringComparison.Ordinal) : escaped;
    }
}
