using System.Text.RegularExpressions;
using RobustGate.Tasks.Tests.TestSupport;

namespace RobustGate.Tasks.Tests.Workflows;

/// <summary>
/// Offline validation of .github (no actionlint here): every file parses, actions are pinned by
/// commit SHA, permissions are read-only, no secrets, no expressions pasted into scripts, the
/// reusable workflow's inputs are declared, used and documented, and its job graph is
/// plan -> shard matrix -> gate.
/// </summary>
public sealed partial class WorkflowStructureTests
{
    private static readonly string CiFile = Path.Combine(TestPaths.Workflows, "ci.yml");
    private static readonly string GateFile = Path.Combine(TestPaths.Workflows, "robustness-gate.yml");

    public static TheoryData<string> AllFiles => new()
    {
        Path.Combine(".github", "workflows", "ci.yml"),
        Path.Combine(".github", "workflows", "robustness-gate.yml"),
        Path.Combine(".github", "actions", "robustgate", "action.yml"),
    };

    private static Dictionary<string, object?> Map(object? node) => Assert.IsType<Dictionary<string, object?>>(node);

    private static List<object?> Seq(object? node) => Assert.IsType<List<object?>>(node);

    private static Dictionary<string, object?> Load(string path) => Map(YamlReader.ParseFile(path));

    private static IEnumerable<(string Key, object? Value)> Walk(object? node)
    {
        switch (node)
        {
            case Dictionary<string, object?> map:
                foreach (var (key, value) in map)
                {
                    yield return (key, value);
                    foreach (var inner in Walk(value))
                    {
                        yield return inner;
                    }
                }

                break;
            case List<object?> list:
                foreach (var inner in list.SelectMany(Walk))
                {
                    yield return inner;
                }

                break;
        }
    }

    private static IEnumerable<Dictionary<string, object?>> Steps(Dictionary<string, object?> document) =>
        Walk(document).Where(e => e.Key == "steps").SelectMany(e => Seq(e.Value)).Select(Map);

    [Theory]
    [MemberData(nameof(AllFiles))]
    public void Every_action_is_pinned_to_a_full_commit_sha(string file)
    {
        var document = Load(Path.Combine(TestPaths.Repository, file));
        var uses = Walk(document).Where(e => e.Key == "uses").Select(e => (string)e.Value!).ToList();
        Assert.NotEmpty(uses);
        Assert.All(uses, u => Assert.Matches(PinnedAction(), u));
    }

    [Theory]
    [MemberData(nameof(AllFiles))]
    public void No_secrets_and_no_expressions_inside_scripts(string file)
    {
        var path = Path.Combine(TestPaths.Repository, file);
        Assert.DoesNotContain("secrets", File.ReadAllText(path), StringComparison.Ordinal);
        var document = Load(path);
        foreach (var step in Steps(document).Where(s => s.ContainsKey("run")))
        {
            // Values reach scripts through env:, so a branch name or input can never become code.
            Assert.DoesNotContain("${{", (string)step["run"]!, StringComparison.Ordinal);
        }

        foreach (var step in Steps(document).Where(s => ((string?)s.GetValueOrDefault("uses"))?.StartsWith("actions/checkout@", StringComparison.Ordinal) == true))
        {
            Assert.Equal("false", Map(step["with"])["persist-credentials"]);
        }
    }

    [Theory]
    [InlineData("ci.yml")]
    [InlineData("robustness-gate.yml")]
    public void Permissions_are_read_only_at_the_top_and_nowhere_widened(string name)
    {
        var document = Load(Path.Combine(TestPaths.Workflows, name));
        Assert.Equal(new Dictionary<string, object?> { ["contents"] = "read" }, Map(document["permissions"]));
        foreach (var (_, value) in Walk(document).Where(e => e.Key == "permissions"))
        {
            Assert.All(Map(value).Values, v => Assert.Contains((string)v!, new[] { "read", "none" }));
        }

        foreach (var (_, job) in Map(document["jobs"]))
        {
            Assert.True(Map(job).ContainsKey("timeout-minutes"), $"{name}: every job needs a timeout");
        }
    }

    [Fact]
    public void Ci_builds_tests_with_ci_run_and_packs_on_ubuntu()
    {
        var document = Load(CiFile);
        var on = Map(document["on"]);
        Assert.True(on.ContainsKey("push") && on.ContainsKey("pull_request"));
        var job = Map(Map(document["jobs"])["build-test-pack"]);
        Assert.StartsWith("ubuntu-", (string)job["runs-on"]!, StringComparison.Ordinal);
        Assert.Equal("debian:12", job["container"]); // the machine .ci/run is written for
        var scripts = Seq(job["steps"]).Select(Map).Where(s => s.ContainsKey("run")).Select(s => ((string)s["run"]!).Trim()).ToList();
        Assert.Contains("dotnet build RobustGate.sln -c Release", scripts);
        Assert.Contains("bash .ci/run", scripts);
        Assert.Contains("dotnet pack RobustGate.sln -c Release --no-build -o artifacts/packages", scripts);
    }

    [Fact]
    public void Reusable_workflow_declares_documents_and_uses_its_inputs()
    {
        var document = Load(GateFile);
        var call = Map(Map(document["on"])["workflow_call"]);
        Assert.False(call.ContainsKey("secrets"), "the reusable workflow must not need secrets");
        var inputs = Map(call["inputs"]);
        foreach (var required in new[] { "runs-on", "config", "shards", "baseline", "dotnet-version", "tool-version", "tool-source", "fork-pr-label", "working-directory" })
        {
            Assert.True(inputs.ContainsKey(required), $"missing input {required}");
        }

        var readme = ReadmeSnippets.Section;
        var text = File.ReadAllText(GateFile);
        foreach (var (name, node) in inputs)
        {
            var input = Map(node);
            Assert.False(string.IsNullOrWhiteSpace((string?)input.GetValueOrDefault("description")), $"{name}: no description");
            Assert.Contains((string)input["type"]!, new[] { "string", "number", "boolean" });
            Assert.True(input.ContainsKey("default") || (string?)input.GetValueOrDefault("required") == "true", $"{name}: neither default nor required");
            Assert.Contains($"`{name}`", readme, StringComparison.Ordinal);
            Assert.Contains($"inputs.{name}", text, StringComparison.Ordinal);
        }

        foreach (Match used in InputReference().Matches(text))
        {
            Assert.True(inputs.ContainsKey(used.Groups[1].Value), $"inputs.{used.Groups[1].Value} is used but not declared");
        }
    }

    [Fact]
    public void Reusable_workflow_runs_plan_then_a_shard_matrix_then_merge_and_gate()
    {
        var document = Load(GateFile);
        var jobs = Map(document["jobs"]);
        Assert.Equal(["plan", "shard", "gate"], jobs.Keys);
        var needs = jobs.ToDictionary(j => j.Key, j => Map(j.Value).GetValueOrDefault("needs") switch
        {
            null => new List<string>(),
            string one => [one],
            List<object?> many => many.Cast<string>().ToList(),
            var other => throw new InvalidDataException($"needs: {other}"),
        });
        Assert.All(needs.Values.SelectMany(n => n), n => Assert.True(jobs.ContainsKey(n), $"needs an unknown job {n}"));
        // Acyclic: each job needs only jobs listed before it.
        var order = jobs.Keys.ToList();
        Assert.All(needs, n => Assert.All(n.Value, dep => Assert.True(order.IndexOf(dep) < order.IndexOf(n.Key), $"{n.Key} needs {dep}, which comes later")));
        Assert.Equal(["plan"], needs["shard"]);
        Assert.Contains("shard", needs["gate"]);

        var shard = Map(jobs["shard"]);
        Assert.Equal("${{ fromJSON(inputs.runs-on) }}", shard["runs-on"]);
        var strategy = Map(shard["strategy"]);
        Assert.Equal("false", strategy["fail-fast"]);
        Assert.Equal("${{ fromJSON(needs.plan.outputs.shards) }}", Map(strategy["matrix"])["shard"]);
        var shardScripts = string.Join("\n", Seq(shard["steps"]).Select(Map).Where(s => s.ContainsKey("run")).Select(s => (string)s["run"]!));
        Assert.Contains("--shard \"$SHARD/$SHARDS\"", shardScripts, StringComparison.Ordinal);
        Assert.Contains("args+=(--device \"$DEVICE\")", shardScripts, StringComparison.Ordinal);

        var gateScripts = string.Join("\n", Seq(Map(jobs["gate"])["steps"]).Select(Map).Where(s => s.ContainsKey("run")).Select(s => (string)s["run"]!));
        Assert.Contains("args=(merge ", gateScripts, StringComparison.Ordinal);
        Assert.Contains("--summary \"$GITHUB_STEP_SUMMARY\" --github-annotations", gateScripts, StringComparison.Ordinal);
        var uploads = Steps(document).Count(s => ((string?)s.GetValueOrDefault("uses"))?.StartsWith("actions/upload-artifact@", StringComparison.Ordinal) == true);
        Assert.Equal(2, uploads);
    }

    [Fact]
    public void Composite_action_runs_bash_steps_and_documents_its_inputs()
    {
        var document = Load(TestPaths.CompositeAction);
        Assert.False(string.IsNullOrWhiteSpace((string?)document.GetValueOrDefault("description")));
        var runs = Map(document["runs"]);
        Assert.Equal("composite", runs["using"]);
        foreach (var step in Seq(runs["steps"]).Select(Map).Where(s => s.ContainsKey("run")))
        {
            Assert.Equal("bash", step["shell"]);
        }

        var readme = ReadmeSnippets.Section;
        foreach (var (name, node) in Map(document["inputs"]))
        {
            Assert.False(string.IsNullOrWhiteSpace((string?)Map(node).GetValueOrDefault("description")), $"{name}: no description");
            Assert.Contains($"`{name}`", readme, StringComparison.Ordinal);
        }

        var scripts = string.Join("\n", Seq(runs["steps"]).Select(Map).Where(s => s.ContainsKey("run")).Select(s => (string)s["run"]!));
        Assert.Contains("--summary \"$GITHUB_STEP_SUMMARY\" --github-annotations", scripts, StringComparison.Ordinal);
    }

    [GeneratedRegex(@"^([A-Za-z0-9_.-]+/[A-Za-z0-9_.-]+(/[A-Za-z0-9_./-]+)?@[0-9a-f]{40}|\./.+)$")]
    private static partial Regex PinnedAction();

    [GeneratedRegex(@"inputs\.([A-Za-z0-9_-]+)")]
    private static partial Regex InputReference();
}
