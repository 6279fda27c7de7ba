using System.Text.RegularExpressions;
using System.Xml.Linq;
using RobustGate.Tasks.Tests.TestSupport;

namespace RobustGate.Tasks.Tests.Packaging;

/// <summary>
/// The README's GitHub Actions snippets parse and only pass inputs that exist; every MSBuild
/// property the targets read is documented.
/// </summary>
public sealed partial class ReadmeSectionTests
{
    private static Dictionary<string, object?> Map(object? node) => Assert.IsType<Dictionary<string, object?>>(node);

    [Fact]
    public void Reusable_workflow_snippet_calls_the_workflow_with_declared_inputs()
    {
        var snippet = Map(YamlReader.Parse(ReadmeSnippets.Block("yaml", "robustness-gate.yml@"), "README.md"));
        Assert.Equal(new Dictionary<string, object?> { ["contents"] = "read" }, Map(snippet["permissions"]));
        var job = Map(Map(snippet["jobs"])["robustness"]);
        Assert.Equal("robustgate/robustgate/.github/workflows/robustness-gate.yml@<commit-sha>", job["uses"]);
        var workflow = Map(YamlReader.ParseFile(Path.Combine(TestPaths.Workflows, "robustness-gate.yml")));
        var inputs = Map(Map(Map(workflow["on"])["workflow_call"])["inputs"]);
        Assert.All(Map(job["with"]).Keys, key => Assert.True(inputs.ContainsKey(key), $"README passes an undeclared input '{key}'"));
        Assert.Contains("labeled", Assert.IsType<List<object?>>(Map(Map(snippet["on"])["pull_request"])["types"]));
    }

    [Fact]
    public void Composite_action_snippet_passes_declared_inputs()
    {
        var steps = Assert.IsType<List<object?>>(Map(YamlReader.Parse(ReadmeSnippets.Block("yaml", "actions/robustgate@"), "README.md"))["steps"]);
        var step = Map(steps.Single(s => ((string)Map(s)["uses"]!).Contains("/.github/actions/robustgate@", StringComparison.Ordinal)));
        var inputs = Map(Map(YamlReader.ParseFile(TestPaths.CompositeAction))["inputs"]);
        Assert.All(Map(step["with"]).Keys, key => Assert.True(inputs.ContainsKey(key), $"README passes an undeclared input '{key}'"));
    }

    [Fact]
    public void Every_msbuild_property_the_targets_read_is_documented()
    {
        var targets = File.ReadAllText(Path.Combine(TestPaths.Repository, "src", "RobustGate.Tasks", "build", "RobustGate.Tasks.targets"));
        var properties = PropertyReference().Matches(targets).Select(m => m.Groups[1].Value).Distinct().ToList();
        var outputs = XDocument.Parse(targets).Descendants().Where(e => e.Name.LocalName == "Output")
            .Select(e => e.Attribute("PropertyName")?.Value ?? e.Attribute("ItemName")!.Value).ToList();
        Assert.Contains("RobustGateEnabled", properties);
        var readme = ReadmeSnippets.Section;
        foreach (var name in properties.Where(p => p != "RobustGateTasksAssembly").Concat(outputs))
        {
            Assert.True(readme.Contains($"`{name}`", StringComparison.Ordinal) || readme.Contains($"$({name})", StringComparison.Ordinal) || readme.Contains($"@({name})", StringComparison.Ordinal),
                $"{name} is not documented in the README section");
        }
    }

    [GeneratedRegex(@"\$\((RobustGate[A-Za-z]+)\)")]
    private static partial Regex PropertyReference();
}
