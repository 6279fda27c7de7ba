using System.Text.RegularExpressions;

namespace RobustGate.Tasks.Tests.TestSupport;

/// <summary>
/// The fenced code blocks of README.md's "Using RobustGate in your project" section, so that the
/// tests run the snippets users copy rather than a private variant of them.
/// </summary>
internal static partial class ReadmeSnippets
{
    public const string SectionHeading = "## Using RobustGate in your project";

    public static string Section
    {
        get
        {
            var text = File.ReadAllText(TestPaths.Readme).Replace("\r\n", "\n", StringComparison.Ordinal);
            var start = text.IndexOf(SectionHeading + "\n", StringComparison.Ordinal);
            Assert.True(start >= 0, $"README.md has no '{SectionHeading}' section");
            var next = text.IndexOf("\n## ", start + SectionHeading.Length, StringComparison.Ordinal);
            return next < 0 ? text[start..] : text[start..next];
        }
    }

    /// <summary>The one block of the given language whose text contains <paramref name="marker"/>.</summary>
    public static string Block(string language, string marker)
    {
        var blocks = FencedBlock().Matches(Section)
            .Where(m => m.Groups["lang"].Value == language && m.Groups["body"].Value.Contains(marker, StringComparison.Ordinal))
            .Select(m => m.Groups["body"].Value)
            .ToList();
        Assert.True(blocks.Count == 1, $"expected one ```{language} block containing '{marker}' in the README section, found {blocks.Count}");
        return blocks[0];
    }

    /// <summary>The command lines of a shell block (comments and blank lines dropped).</summary>
    public static IReadOnlyList<string> Commands(string marker) =>
        Block("sh", marker).Split('\n').Select(l => l.Trim()).Where(l => l.Length > 0 && !l.StartsWith('#')).ToList();

    [GeneratedRegex(@"^```(?<lang>[a-z]+)\n(?<body>.*?)^```", RegexOptions.Multiline | RegexOptions.Singleline)]
    private static partial Regex FencedBlock();
}
