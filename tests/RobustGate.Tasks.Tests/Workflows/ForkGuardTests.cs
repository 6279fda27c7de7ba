using RobustGate.Tasks.Tests.TestSupport;

namespace RobustGate.Tasks.Tests.Workflows;

/// <summary>
/// The plan job of robustness-gate.yml, run as a runner would: a fork's pull request never
/// reaches a self-hosted runner unless a maintainer added the opt-in label; the shard list is
/// 1..N and a bad shard count is refused.
/// </summary>
public sealed class ForkGuardTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("rg-guard-").FullName;

    private JobResult Plan(string runsOn, string headRepo, string labels, string shards = "3")
    {
        var runner = new WorkflowRunner(Path.Combine(TestPaths.Workflows, "robustness-gate.yml"), _folder, _folder);
        runner.Context["inputs.shards"] = shards;
        runner.Context["inputs.runs-on"] = runsOn;
        runner.Context["inputs.fork-pr-label"] = "robustgate-run-on-self-hosted";
        runner.Context["github.event.pull_request.head.repo.full_name"] = headRepo;
        runner.Context["github.repository"] = "owner/models";
        runner.Context["toJSON(github.event.pull_request.labels.*.name)"] = labels;
        return runner.RunJob("plan");
    }

    [Theory]
    [InlineData("[\"self-hosted\", \"linux\", \"gpu\"]", "owner/models", "[]")] // same repository
    [InlineData("[\"self-hosted\", \"gpu\"]", "", "null")] // push, schedule, workflow_dispatch
    [InlineData("[\"ubuntu-latest\"]", "stranger/models", "[]")] // fork on a hosted runner
    [InlineData("[\"self-hosted\", \"gpu\"]", "stranger/models", "[\n  \"robustgate-run-on-self-hosted\"\n]")] // maintainer opted in
    public void Allowed_runs_list_the_shards(string runsOn, string headRepo, string labels)
    {
        var result = Plan(runsOn, headRepo, labels);
        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Equal("[1,2,3]", result.Outputs["shards"]);
    }

    [Theory]
    [InlineData("[]")]
    [InlineData("[\"documentation\", \"robustgate-run-on-self-hosted-later\"]")]
    public void Fork_pull_request_on_a_self_hosted_runner_without_the_label_is_refused(string labels)
    {
        var result = Plan("[\"self-hosted\", \"linux\", \"gpu\"]", "stranger/models", labels);
        Assert.Equal(1, result.ExitCode);
        Assert.Contains("::error::pull request from the fork stranger/models", result.Log, StringComparison.Ordinal);
        Assert.False(result.Outputs.ContainsKey("shards"));
    }

    [Theory]
    [InlineData("0")]
    [InlineData("257")]
    [InlineData("two")]
    public void Bad_shard_counts_are_refused(string shards)
    {
        var result = Plan("[\"ubuntu-latest\"]", string.Empty, "null", shards);
        Assert.Equal(2, result.ExitCode);
        Assert.Contains("::error::shards: expected a whole number from 1 to 256", result.Log, StringComparison.Ordinal);
    }

    public void Dispose() => Directory.Delete(_folder, recursive: true);
}
